using System.Diagnostics.CodeAnalysis;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The os-monitor and os-lock reader/writer lock: <see cref="ReaderWriterLockSlim"/> without recursion. It has
/// thread affinity (the entering OS thread must exit), which OS-thread runtimes always satisfy. Never disposed:
/// it holds no kernel handle until a wait needs one, and the runtime's objects live as long as the run.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "RtRwLock has no disposal; ReaderWriterLockSlim holds only lazily created wait events, freed by their finalizers.")]
internal sealed class RwLockSlimRtRwLock : RtRwLock
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly byte[] _padding = LinePadding.Allocate();

    /// <inheritdoc/>
    public override ValueTask AcquireSharedAsync()
    {
        _lock.EnterReadLock();
        return default;
    }

    /// <inheritdoc/>
    public override void ReleaseShared() => _lock.ExitReadLock();

    /// <inheritdoc/>
    public override ValueTask AcquireExclusiveAsync()
    {
        _lock.EnterWriteLock();
        return default;
    }

    /// <inheritdoc/>
    public override void ReleaseExclusive()
    {
        _lock.ExitWriteLock();
        GC.KeepAlive(_padding);
    }
}
