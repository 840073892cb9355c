namespace Lwkt.Micro.RwLocks;

/// <summary>os-monitor and os-lock: <see cref="ReaderWriterLockSlim"/> (no recursion), the reader/writer lock both use.</summary>
[BenchmarkCategory(MicroCategories.OsMonitor, MicroCategories.OsLock)]
public class ReaderWriterLockSlimRw : RwLockBenchmarks<ReaderWriterLockSlimRw.Operations>
{
    private ReaderWriterLockSlim? _lock;

    /// <inheritdoc/>
    protected override Operations CreateLock() => new(_lock = new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion));

    /// <inheritdoc/>
    protected override void Cleanup() => _lock?.Dispose();

    /// <summary>The lock's operations.</summary>
    public readonly struct Operations(ReaderWriterLockSlim rw) : IRwLockOperations
    {
        /// <inheritdoc/>
        public ValueTask AcquireSharedAsync()
        {
            rw.EnterReadLock();
            return default;
        }

        /// <inheritdoc/>
        public void ReleaseShared() => rw.ExitReadLock();

        /// <inheritdoc/>
        public ValueTask AcquireExclusiveAsync()
        {
            rw.EnterWriteLock();
            return default;
        }

        /// <inheritdoc/>
        public void ReleaseExclusive() => rw.ExitWriteLock();
    }
}
