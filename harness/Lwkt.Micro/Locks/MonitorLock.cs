namespace Lwkt.Micro.Locks;

/// <summary>os-monitor: <see cref="Monitor.Enter(object)"/> / <see cref="Monitor.TryEnter(object)"/> / <see cref="Monitor.Exit"/>.</summary>
[BenchmarkCategory(MicroCategories.OsMonitor)]
public class MonitorLock : ExclusiveLockBenchmarks<MonitorLock.Operations>
{
    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new object());

    /// <summary>The monitor's operations.</summary>
    public readonly struct Operations(object gate) : ILockOperations
    {
        /// <inheritdoc/>
        public ValueTask AcquireAsync()
        {
            Monitor.Enter(gate);
            return default;
        }

        /// <inheritdoc/>
        public bool TryAcquire() => Monitor.TryEnter(gate);

        /// <inheritdoc/>
        public void Release() => Monitor.Exit(gate);
    }
}
