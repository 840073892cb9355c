using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>The os-monitor lock: <see cref="Monitor"/> (the C# <c>lock</c> statement) on a private, padded gate object.</summary>
internal sealed class MonitorRtLock(string name) : RtLock(name)
{
    /// <summary>The monitor's thin lock lives in this object's header.</summary>
    private readonly object _gate = new();
    private readonly byte[] _padding = LinePadding.Allocate();

    /// <inheritdoc/>
    public override ValueTask AcquireAsync()
    {
        Monitor.Enter(_gate);
        return default;
    }

    /// <inheritdoc/>
    public override bool TryAcquire() => Monitor.TryEnter(_gate);

    /// <inheritdoc/>
    public override void Release()
    {
        Monitor.Exit(_gate);
        GC.KeepAlive(_padding);
    }
}
