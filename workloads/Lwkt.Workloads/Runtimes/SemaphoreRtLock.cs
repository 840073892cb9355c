using System.Diagnostics.CodeAnalysis;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The tpl-async lock: <see cref="SemaphoreSlim"/>(1, 1) with <see cref="SemaphoreSlim.WaitAsync()"/>, the async
/// mutex .NET developers reach for. An uncontended wait completes synchronously with a cached task (no
/// allocation); no owner, so any thread may release.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "RtLock has no disposal; SemaphoreSlim needs disposing only after AvailableWaitHandle was used, which never happens here.")]
internal sealed class SemaphoreRtLock(string name) : RtLock(name)
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private readonly byte[] _padding = LinePadding.Allocate();

    /// <inheritdoc/>
    public override ValueTask AcquireAsync() => new(_semaphore.WaitAsync());

    /// <inheritdoc/>
    public override bool TryAcquire() => _semaphore.Wait(0);

    /// <inheritdoc/>
    public override void Release()
    {
        _semaphore.Release();
        GC.KeepAlive(_padding);
    }
}
