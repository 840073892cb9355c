using Lwkt.Baselines.Futexes;

namespace Lwkt.Micro.Locks;

/// <summary>os-futex: the baselines' futex(2) mutex (<see cref="FutexMutex"/>): a CAS fast path, FUTEX_WAIT/WAKE only under contention.</summary>
[BenchmarkCategory(MicroCategories.OsFutex)]
public class FutexMutexLock : ExclusiveLockBenchmarks<FutexMutexLock.Operations>
{
    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new FutexMutex());

    /// <summary>The lock's operations.</summary>
    public readonly struct Operations(FutexMutex gate) : ILockOperations
    {
        /// <inheritdoc/>
        public ValueTask AcquireAsync()
        {
            gate.Enter();
            return default;
        }

        /// <inheritdoc/>
        public bool TryAcquire() => gate.TryEnter();

        /// <inheritdoc/>
        public void Release() => gate.Exit();
    }
}
