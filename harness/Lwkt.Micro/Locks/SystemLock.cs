namespace Lwkt.Micro.Locks;

/// <summary>os-lock: <see cref="System.Threading.Lock"/> Enter / TryEnter / Exit.</summary>
[BenchmarkCategory(MicroCategories.OsLock)]
public class SystemLock : ExclusiveLockBenchmarks<SystemLock.Operations>
{
    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new Lock());

    /// <summary>The lock's operations.</summary>
    public readonly struct Operations(Lock gate) : ILockOperations
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
