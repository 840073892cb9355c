using Lwkt.Baselines.Spinning;

namespace Lwkt.Micro.RwLocks;

/// <summary>os-spin: the baselines' spinning reader/writer lock (<see cref="SpinRwLock"/>).</summary>
[BenchmarkCategory(MicroCategories.OsSpin)]
public class SpinRw : RwLockBenchmarks<SpinRw.Operations>
{
    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new SpinRwLock());

    /// <summary>The lock's operations.</summary>
    public readonly struct Operations(SpinRwLock rw) : IRwLockOperations
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
