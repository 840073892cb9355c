using Lwkt.Baselines.Async;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>The tpl-async reader/writer lock: <see cref="AsyncReaderWriterLock"/> (the BCL has no async one).</summary>
internal sealed class AsyncRtRwLock : RtRwLock
{
    private readonly AsyncReaderWriterLock _lock = new();
    private readonly byte[] _padding = LinePadding.Allocate();

    /// <inheritdoc/>
    public override ValueTask AcquireSharedAsync() => _lock.EnterReadAsync();

    /// <inheritdoc/>
    public override void ReleaseShared() => _lock.ExitRead();

    /// <inheritdoc/>
    public override ValueTask AcquireExclusiveAsync() => _lock.EnterWriteAsync();

    /// <inheritdoc/>
    public override void ReleaseExclusive()
    {
        _lock.ExitWrite();
        GC.KeepAlive(_padding);
    }
}
