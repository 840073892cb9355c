namespace Lwkt.Harness.Compare;

/// <summary>
/// The outcome of comparing one cell's iterations, ResultsComparer's vocabulary: <see cref="Faster"/> and
/// <see cref="Slower"/> mean better and worse in the metric's own direction (for <c>ns_per_op</c> a smaller value is
/// <see cref="Faster"/>; for <c>fairness</c> a larger index is).
/// </summary>
public enum Verdict
{
    /// <summary>
    /// Shown to be within the threshold: the shift's confidence interval lies entirely inside ±(threshold × base
    /// median), or inside ±noise floor. "Not significant" is never enough for Same.
    /// </summary>
    Same,

    /// <summary>Better than the baseline beyond the threshold and the noise floor, with statistical significance.</summary>
    Faster,

    /// <summary>Worse than the baseline beyond the threshold and the noise floor, with statistical significance: a regression.</summary>
    Slower,

    /// <summary>Too few iterations on a side for the test to reach its significance level: no verdict.</summary>
    InsufficientData,

    /// <summary>
    /// Neither shown to differ (the test is not significant beyond the threshold) nor shown to be within it (the
    /// shift's interval leaves the band): the data cannot decide. Listed and counted, not a failure unless asked
    /// (<c>--fail-on-unsure</c>); more iterations or a quieter machine usually turn it into a verdict.
    /// </summary>
    Unsure,
}
