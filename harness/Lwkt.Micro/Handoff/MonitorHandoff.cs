using Lwkt.Baselines.Monitors;

namespace Lwkt.Micro.Handoff;

/// <summary>os-monitor: hand-off through <see cref="MonitorSequence"/> (Monitor.Wait / Monitor.PulseAll).</summary>
[BenchmarkCategory(MicroCategories.OsMonitor)]
public class MonitorHandoff : OsThreadHandoff
{
    /// <inheritdoc/>
    protected override ISequenceEvent CreateEvent() => new MonitorSequence();
}
