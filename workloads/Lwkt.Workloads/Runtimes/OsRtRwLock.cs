using Lwkt.Baselines;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>A reader/writer lock of one of our own OS-thread families (futex, spinning).</summary>
internal sealed class OsRtRwLock(IReaderWriterLock inner) : RtRwLock
{
    /// <inheritdoc/>
    public override ValueTask AcquireSharedAsync()
    {
        inner.EnterRead();
        return default;
    }

    /// <inheritdoc/>
    public override void ReleaseShared() => inner.ExitRead();

    /// <inheritdoc/>
    public override ValueTask AcquireExclusiveAsync()
    {
        inner.EnterWrite();
        return default;
    }

    /// <inheritdoc/>
    public override void ReleaseExclusive() => inner.ExitWrite();
}
