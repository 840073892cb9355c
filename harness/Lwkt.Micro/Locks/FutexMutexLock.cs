using Lwkt.Baselines.Futexes;

namespace Lwkt.Micro.Locks;

/// <summary>os-futex: the baselines' futex(2) mutex (<see cref="FutexMutex"/>): a CAS fast path, FUTEX_WAIT/WAKE only under contention.</summary>
[BenchmarkCategory(MicroCategories.OsFutex)]
public class FutexMutexLock : ExclusiveLockBenchmarks<SyncLock<FutexMutexLock.Gate>>
{
    /// <summary>The lock, called directly.</summary>
    public readonly struct Gate(FutexMutex gate) : IExclusiveLock, ILockUnderTest<Gate>
    {
        /// <inheritdoc/>
        public static Gate Create() => new(new FutexMutex());

        /// <inheritdoc/>
        public void Enter() => gate.Enter();

        /// <inheritdoc/>
        public bool TryEnter() => gate.TryEnter();

        /// <inheritdoc/>
        public void Exit() => gate.Exit();
    }
}
