using Lwkt.Baselines.Async;

namespace Lwkt.Micro.RwLocks;

/// <summary>tpl-async: the baselines' async reader/writer lock (<see cref="AsyncReaderWriterLock"/>).</summary>
[BenchmarkCategory(MicroCategories.TplAsync)]
public class AsyncRw : RwLockBenchmarks<AsyncRw.Operations>
{
    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new AsyncReaderWriterLock());

    /// <summary>The lock's operations.</summary>
    public readonly struct Operations(AsyncReaderWriterLock rw) : IRwLockOperations
    {
        /// <inheritdoc/>
        public ValueTask AcquireSharedAsync() => rw.EnterReadAsync();

        /// <inheritdoc/>
        public void ReleaseShared() => rw.ExitRead();

        /// <inheritdoc/>
        public ValueTask AcquireExclusiveAsync() => rw.EnterWriteAsync();

        /// <inheritdoc/>
        public void ReleaseExclusive() => rw.ExitWrite();
    }
}
