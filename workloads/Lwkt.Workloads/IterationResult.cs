using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads;

/// <summary>
/// The figures of one iteration of a cell: one row of <c>results.csv</c>. The metrics are the slots of
/// <see cref="Values"/>, described once in <see cref="Metric"/>; process figures (CPU time, context switches, GC,
/// allocation, JIT) are differences taken around the iteration and so include the runtime's own background threads.
/// A metric the workload or runtime does not have is null.
/// </summary>
public sealed class IterationResult
{
    /// <summary>The status value of a run whose validation passed.</summary>
    public const string StatusOk = "ok";

    /// <summary>The status value of a run whose own validation failed: its numbers must not be used.</summary>
    public const string StatusInvalid = "invalid";

    /// <summary>The status value of a cell that cannot run (or mean anything) on this runtime or machine.</summary>
    public const string StatusUnsupported = "unsupported";

    /// <summary><c>ok</c>, <c>invalid</c> or <c>unsupported</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why the run is invalid or unsupported; <see langword="null"/> when <c>ok</c>.</summary>
    public string? Error { get; init; }

    /// <summary>The measured values, one slot per <see cref="Metric"/>.</summary>
    public MetricValues Values { get; init; } = new();

    /// <summary>Workload-specific figures as <c>k=v;k=v</c> (threads actually run, achieved sleep, ...).</summary>
    public string? Detail { get; init; }

    /// <summary>The value of <paramref name="metric"/>, or null when not measured.</summary>
    public double? this[Metric metric] => Values[metric];
}
