using Lwkt.Micro.Locks;

namespace Lwkt.Micro.RwLocks;

/// <summary>os-monitor and os-lock: <see cref="ReaderWriterLockSlim"/> (no recursion), the reader/writer lock both use.</summary>
[BenchmarkCategory(MicroCategories.OsMonitor, MicroCategories.OsLock)]
public class ReaderWriterLockSlimRw : RwLockBenchmarks<SyncRwLock<ReaderWriterLockSlimRw.Gate>>
{
    /// <summary>The lock, called directly.</summary>
    public readonly struct Gate(ReaderWriterLockSlim rw) : IReaderWriterLock, ILockUnderTest<Gate>, IDisposable
    {
        /// <inheritdoc/>
        public static Gate Create() => new(new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion));

        /// <inheritdoc/>
        public void EnterRead() => rw.EnterReadLock();

        /// <inheritdoc/>
        public void ExitRead() => rw.ExitReadLock();

        /// <inheritdoc/>
        public void EnterWrite() => rw.EnterWriteLock();

        /// <inheritdoc/>
        public void ExitWrite() => rw.ExitWriteLock();

        /// <inheritdoc/>
        public void Dispose() => rw.Dispose();
    }
}
