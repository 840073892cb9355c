using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>The os-lock lock: <see cref="System.Threading.Lock"/> (.NET 9+), padded.</summary>
internal sealed class LockRtLock(string name) : RtLock(name)
{
    private readonly Lock _lock = new();
    private readonly byte[] _padding = LinePadding.Allocate();

    /// <inheritdoc/>
    public override ValueTask AcquireAsync()
    {
        _lock.Enter();
        return default;
    }

    /// <inheritdoc/>
    public override bool TryAcquire() => _lock.TryEnter();

    /// <inheritdoc/>
    public override void Release()
    {
        _lock.Exit();
        GC.KeepAlive(_padding);
    }
}
