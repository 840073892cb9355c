namespace Lwkt.Micro.Locks;

/// <summary>os-monitor: <see cref="Monitor.Enter(object)"/> / <see cref="Monitor.TryEnter(object)"/> / <see cref="Monitor.Exit"/>.</summary>
[BenchmarkCategory(MicroCategories.OsMonitor)]
public class MonitorLock : ExclusiveLockBenchmarks<SyncLock<MonitorLock.Gate>>
{
    /// <summary>The monitor of an object of its own.</summary>
    public readonly struct Gate(object gate) : IExclusiveLock, ILockUnderTest<Gate>
    {
        /// <inheritdoc/>
        public static Gate Create() => new(new object());

        /// <inheritdoc/>
        public void Enter() => Monitor.Enter(gate);

        /// <inheritdoc/>
        public bool TryEnter() => Monitor.TryEnter(gate);

        /// <inheritdoc/>
        public void Exit() => Monitor.Exit(gate);
    }
}
