using Lwkt.Baselines.Spinning;

namespace Lwkt.Micro.Locks;

/// <summary>os-spin: the baselines' test-and-test-and-set spin lock (<see cref="TtasSpinLock"/>).</summary>
[BenchmarkCategory(MicroCategories.OsSpin)]
public class TtasLock : ExclusiveLockBenchmarks<SyncLock<TtasLock.Gate>>
{
    /// <summary>The lock, called directly.</summary>
    public readonly struct Gate(TtasSpinLock gate) : IExclusiveLock, ILockUnderTest<Gate>
    {
        /// <inheritdoc/>
        public static Gate Create() => new(new TtasSpinLock());

        /// <inheritdoc/>
        public void Enter() => gate.Enter();

        /// <inheritdoc/>
        public bool TryEnter() => gate.TryEnter();

        /// <inheritdoc/>
        public void Exit() => gate.Exit();
    }
}
