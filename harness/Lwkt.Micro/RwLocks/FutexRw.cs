using Lwkt.Baselines.Futexes;

namespace Lwkt.Micro.RwLocks;

/// <summary>os-futex: the baselines' futex(2) reader/writer lock (<see cref="FutexRwLock"/>).</summary>
[BenchmarkCategory(MicroCategories.OsFutex)]
public class FutexRw : RwLockBenchmarks<FutexRw.Operations>
{
    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new FutexRwLock());

    /// <summary>The lock's operations.</summary>
    public readonly struct Operations(FutexRwLock rw) : IRwLockOperations
    {
        /// <inheritdoc/>
        public ValueTask AcquireSharedAsync()
        {
            rw.EnterRead();
            return default;
        }

        /// <inheritdoc/>
        public void ReleaseShared() => rw.ExitRead();

        /// <inheritdoc/>
        public ValueTask AcquireExclusiveAsync()
        {
            rw.EnterWrite();
            return default;
        }

        /// <inheritdoc/>
        public void ReleaseExclusive() => rw.ExitWrite();
    }
}
