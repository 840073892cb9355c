using Lwkt.Baselines.Spinning;

namespace Lwkt.Micro.Locks;

/// <summary>os-spin: the baselines' test-and-test-and-set spin lock (<see cref="TtasSpinLock"/>).</summary>
[BenchmarkCategory(MicroCategories.OsSpin)]
public class TtasLock : ExclusiveLockBenchmarks<TtasLock.Operations>
{
    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new TtasSpinLock());

    /// <summary>The lock's operations.</summary>
    public readonly struct Operations(TtasSpinLock gate) : ILockOperations
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
