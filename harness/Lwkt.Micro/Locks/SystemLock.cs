namespace Lwkt.Micro.Locks;

/// <summary>os-lock: <see cref="System.Threading.Lock"/> Enter / TryEnter / Exit.</summary>
[BenchmarkCategory(MicroCategories.OsLock)]
public class SystemLock : ExclusiveLockBenchmarks<SyncLock<SystemLock.Gate>>
{
    /// <summary>The lock, called directly.</summary>
    public readonly struct Gate(Lock gate) : IExclusiveLock, ILockUnderTest<Gate>
    {
        /// <inheritdoc/>
        public static Gate Create() => new(new Lock());

        /// <inheritdoc/>
        public void Enter() => gate.Enter();

        /// <inheritdoc/>
        public bool TryEnter() => gate.TryEnter();

        /// <inheritdoc/>
        public void Exit() => gate.Exit();
    }
}
