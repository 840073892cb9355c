namespace Lwkt.Harness.Compare;

/// <summary>
/// The outcome of comparing one cell's iterations, ResultsComparer's vocabulary: <see cref="Faster"/> and
/// <see cref="Slower"/> mean better and worse in the metric's own direction (for <c>ns_per_op</c> a smaller value is
/// <see cref="Faster"/>; for <c>fairness</c> a larger index is).
/// </summary>
public enum Verdict
{
    /// <summary>No change beyond both the relative threshold and the noise floor that the test can show.</summary>
    Same,

    /// <summary>Better than the baseline beyond the threshold and the noise floor, with statistical significance.</summary>
    Faster,

    /// <summary>Worse than the baseline beyond the threshold and the noise floor, with statistical significance: a regression.</summary>
    Slower,

    /// <summary>Too few iterations on a side for the test to reach its significance level: no verdict.</summary>
    InsufficientData,
}
