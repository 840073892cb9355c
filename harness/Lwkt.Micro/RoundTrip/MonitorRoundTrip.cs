using Lwkt.Baselines.Monitors;

namespace Lwkt.Micro.RoundTrip;

/// <summary>os-monitor: OS-thread ping-pong over <see cref="MonitorCompletion"/> (Monitor.Wait / Monitor.Pulse).</summary>
[BenchmarkCategory(MicroCategories.OsMonitor)]
public class MonitorRoundTrip : OsThreadRoundTrip
{
    /// <inheritdoc/>
    protected override ICompletion CreateCompletion() => new MonitorCompletion();
}
