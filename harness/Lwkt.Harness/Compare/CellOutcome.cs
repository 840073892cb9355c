namespace Lwkt.Harness.Compare;

/// <summary>How a cell key fared when the two result sets were matched.</summary>
public enum CellOutcome
{
    /// <summary>Both sides have ok iterations with the metric: see <see cref="CellComparison.Comparison"/>.</summary>
    Compared,

    /// <summary>The cell exists only in the baseline (dropped, renamed, or not run this time).</summary>
    OnlyInBase,

    /// <summary>The cell exists only in the new result set.</summary>
    OnlyInNew,

    /// <summary>A side has a row whose status is not <c>ok</c> (invalid, crashed, timeout, unsupported): no numbers.</summary>
    NotOk,

    /// <summary>
    /// Both sides are ok but a side never reached steady state (its warm-up hit the cap): its numbers are not results,
    /// so the cell is listed, never compared.
    /// </summary>
    NotSteady,

    /// <summary>
    /// Both sides are ok and steady but a side kept measured iterations that other work on its CPUs disturbed (the
    /// child's replacement budget ran out: the machine was busy): its numbers measure the machine, so the cell is
    /// listed, never compared.
    /// </summary>
    Disturbed,

    /// <summary>Both sides are ok but a side did not record the metric (e.g. latency on a throughput-only workload).</summary>
    NoMetric,
}
