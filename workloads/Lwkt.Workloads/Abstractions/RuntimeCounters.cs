using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// A runtime's own counters at one moment, cumulative since the runtime was created, keyed by counter name: what
/// <see cref="WorkloadRuntime.ReadCounters"/> reports. Only the counters some metric reads are kept (the
/// <see cref="Metric.Counter"/> of <see cref="Metric.Counters"/>); a counter the runtime does not report stays
/// unreported, and its metric is empty (not measured, never 0) for that runtime.
/// </summary>
/// <remarks>
/// <see cref="CellRunner"/> creates one before and one after each iteration ahead of the process figures, so reading
/// counters allocates nothing inside the window whose CPU time and allocated bytes the iteration reports.
/// </remarks>
public sealed class RuntimeCounters
{
    private readonly long[] _values = new long[Metric.Counters.Count];
    private readonly bool[] _reported = new bool[Metric.Counters.Count];

    internal RuntimeCounters()
    {
    }

    /// <summary>
    /// Records the cumulative value of the runtime's counter <paramref name="name"/> for every metric over it; a
    /// counter no metric reads is ignored. Caller: the runtime's <see cref="WorkloadRuntime.ReadCounters"/>.
    /// </summary>
    public void Report(string name, long value)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < _values.Length; i++)
        {
            if (string.Equals(Metric.Counters[i].Counter, name, StringComparison.Ordinal))
            {
                _values[i] = value;
                _reported[i] = true;
            }
        }
    }

    /// <summary>The counters of <paramref name="runtime"/> now.</summary>
    internal void ReadFrom(WorkloadRuntime runtime) => runtime.ReadCounters(this);

    /// <summary>
    /// Sets every metric over a runtime counter on <paramref name="values"/>: this reading minus
    /// <paramref name="before"/> where the runtime reported the counter both times, null (not measured) elsewhere.
    /// </summary>
    internal void SetDifferences(RuntimeCounters before, MetricValues values)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            values[Metric.Counters[i]] = _reported[i] && before._reported[i] ? _values[i] - before._values[i] : null;
        }
    }
}
