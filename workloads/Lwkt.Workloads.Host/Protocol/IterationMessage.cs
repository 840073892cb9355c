namespace Lwkt.Workloads.Host.Protocol;

/// <summary>
/// The payload of <c>ITERATION</c>: one iteration's status and figures. The figures travel as a map from metric name
/// (the <c>results.csv</c> column, described in <c>Lwkt.Workloads.Measurement.Metric</c>) to value; a metric that
/// was not measured is absent, never 0.
/// </summary>
internal sealed record IterationMessage
{
    /// <summary>The phase of a warm-up iteration.</summary>
    public const string Warmup = "warmup";

    /// <summary>The phase of a measured iteration.</summary>
    public const string Measure = "measure";

    /// <summary>
    /// The phase of a measured iteration that other work disturbed and another iteration replaced
    /// (<c>Lwkt.Workloads.Measurement.Disturbance</c>): kept for the record, left out of every statistic.
    /// </summary>
    public const string Disturbed = "disturbed";

    /// <summary>
    /// 1-based index within its phase (warm-up iterations and measured iterations count separately); a disturbed
    /// iteration has the index of the measured iteration that replaced it.
    /// </summary>
    public int Index { get; init; }

    /// <summary><see cref="Warmup"/>, <see cref="Measure"/> or <see cref="Disturbed"/>.</summary>
    public string Phase { get; init; } = Measure;

    /// <summary>
    /// Whether the cell had reached steady state (JIT quiet, throughput no longer rising) before this iteration: false
    /// for every warm-up iteration, and for the measured iterations of a cell whose warm-up hit its cap; null when the
    /// request asked for a cold measurement (no warm-up, no check).
    /// </summary>
    public bool? Steady { get; init; }

    /// <summary><c>ok</c> or <c>invalid</c> (the workload's own validation).</summary>
    public string Status { get; init; } = "ok";

    /// <summary>Why the iteration is invalid.</summary>
    public string? Error { get; init; }

    /// <summary>The measured figures by metric name.</summary>
    public Dictionary<string, double> Metrics { get; init; } = [];

    /// <summary>Workload-specific figures, <c>k=v;k=v</c>.</summary>
    public string? Detail { get; init; }

    /// <summary>Whether this is a measured (not warm-up) iteration.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsMeasured => Phase == Measure;
}
