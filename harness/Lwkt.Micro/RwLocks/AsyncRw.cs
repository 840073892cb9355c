using Lwkt.Baselines.Async;
using Lwkt.Micro.Locks;

namespace Lwkt.Micro.RwLocks;

/// <summary>tpl-async: the baselines' async reader/writer lock (<see cref="AsyncReaderWriterLock"/>).</summary>
[BenchmarkCategory(MicroCategories.TplAsync)]
public class AsyncRw : RwLockBenchmarks<AsyncRw.Operations>
{
    /// <summary>The lock's operations.</summary>
    public readonly struct Operations(AsyncReaderWriterLock rw) : IRwLockOperations, ILockUnderTest<Operations>
    {
        /// <inheritdoc/>
        public static Operations Create() => new(new AsyncReaderWriterLock());

        /// <inheritdoc/>
        public ValueTask AcquireSharedAsync() => rw.EnterReadAsync();

        /// <inheritdoc/>
        public void ReleaseShared() => rw.ExitRead();

        /// <inheritdoc/>
        public ValueTask AcquireAsync() => rw.EnterWriteAsync();

        /// <inheritdoc/>
        public void Release() => rw.ExitWrite();
    }
}
