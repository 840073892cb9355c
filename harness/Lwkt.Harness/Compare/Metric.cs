using Lwkt.Harness.Results;

namespace Lwkt.Harness.Compare;

/// <summary>
/// A per-iteration column of <c>results.csv</c> that <c>compare</c> can test: its name (the CSV column), its unit,
/// which direction is an improvement, and the absolute noise floor below which a change is never reported.
/// </summary>
/// <remarks>
/// The noise floor plays the role of ResultsComparer's <c>--noise 0.3ns</c>: a change smaller than it is "Same"
/// however significant, so 1.0 ns versus 1.1 ns is not a 10 % regression. Defaults are the resolution of what the
/// column measures (see each instance).
/// </remarks>
public sealed class Metric
{
    private readonly Func<ResultRow, double?> _select;

    private Metric(string name, string unit, bool higherIsBetter, double defaultNoise, Func<ResultRow, double?> select)
    {
        Name = name;
        Unit = unit;
        HigherIsBetter = higherIsBetter;
        DefaultNoise = defaultNoise;
        _select = select;
    }

    /// <summary>The CSV column name, also the <c>--metric</c> value.</summary>
    public string Name { get; }

    /// <summary>The unit of the column's values (and of <c>--noise</c>).</summary>
    public string Unit { get; }

    /// <summary>Whether a larger value is an improvement (throughput, fairness) rather than a regression (time, latency).</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The absolute noise floor used when <c>--noise</c> is not given, in <see cref="Unit"/>.</summary>
    public double DefaultNoise { get; }

    /// <summary>Operations per second over all threads. Noise 1 op/s: the count resolution of a one-second iteration.</summary>
    public static Metric OpsPerSecond { get; } = new("ops_per_s", "ops/s", true, 1, r => r.OpsPerS);

    /// <summary>Wall nanoseconds per operation. Noise 0.3 ns, ResultsComparer's default for per-operation time.</summary>
    public static Metric NsPerOp { get; } = new("ns_per_op", "ns", false, 0.3, r => r.NsPerOp);

    /// <summary>CPU nanoseconds per operation. Noise 1 ns: CPU time comes from rusage, coarser than the wall clock.</summary>
    public static Metric CpuNsPerOp { get; } = new("cpu_ns_per_op", "ns", false, 1, r => r.CpuNsPerOp);

    /// <summary>Median latency. Noise 50 ns: about the cost of the two timestamps around one operation.</summary>
    public static Metric LatencyP50 { get; } = new("lat_p50_ns", "ns", false, 50, r => r.LatP50Ns);

    /// <summary>90th percentile latency (noise as <see cref="LatencyP50"/>).</summary>
    public static Metric LatencyP90 { get; } = new("lat_p90_ns", "ns", false, 50, r => r.LatP90Ns);

    /// <summary>99th percentile latency (noise as <see cref="LatencyP50"/>).</summary>
    public static Metric LatencyP99 { get; } = new("lat_p99_ns", "ns", false, 50, r => r.LatP99Ns);

    /// <summary>99.9th percentile latency (noise as <see cref="LatencyP50"/>).</summary>
    public static Metric LatencyP999 { get; } = new("lat_p999_ns", "ns", false, 50, r => r.LatP999Ns);

    /// <summary>Largest latency. Noise 1 µs: one sample, at the mercy of a single preemption or page fault.</summary>
    public static Metric LatencyMax { get; } = new("lat_max_ns", "ns", false, 1000, r => r.LatMaxNs);

    /// <summary>Jain's fairness index (1 is fair). Noise 0.01 of the index.</summary>
    public static Metric Fairness { get; } = new("fairness", "index", true, 0.01, r => r.Fairness);

    /// <summary>Largest over smallest per-thread op count (1 is fair). Noise 0.05.</summary>
    public static Metric FairnessMaxMin { get; } = new("fairness_max_min", "ratio", false, 0.05, r => r.FairnessMaxMin);

    /// <summary>Memory per workload thread (the <c>spawn</c> workload). Noise 64 bytes: allocator granularity.</summary>
    public static Metric BytesPerThread { get; } = new("bytes_per_thread", "bytes", false, 64, r => r.BytesPerThread);

    /// <summary>Every metric <c>compare</c> accepts, the default first.</summary>
    public static IReadOnlyList<Metric> All { get; } =
    [
        OpsPerSecond, NsPerOp, CpuNsPerOp, LatencyP50, LatencyP90, LatencyP99, LatencyP999, LatencyMax,
        Fairness, FairnessMaxMin, BytesPerThread,
    ];

    /// <summary>The latency percentile metrics, in percentile order (the report's latency charts).</summary>
    public static IReadOnlyList<Metric> LatencyPercentiles { get; } =
        [LatencyP50, LatencyP90, LatencyP99, LatencyP999, LatencyMax];

    /// <summary>Finds a metric by its column name (exact, case-insensitive).</summary>
    public static Metric? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The row's value of this metric, or <see langword="null"/> when the row did not record it (an empty field) or
    /// recorded something that is not a finite number.
    /// </summary>
    public double? ValueOf(ResultRow row) => _select(row) is double v && double.IsFinite(v) ? v : null;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
