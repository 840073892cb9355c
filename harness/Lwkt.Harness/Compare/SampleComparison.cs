namespace Lwkt.Harness.Compare;

/// <summary>What comparing one cell's baseline and current iterations found.</summary>
/// <param name="BaseCount">Baseline iterations.</param>
/// <param name="NewCount">Current iterations.</param>
/// <param name="BaseMedian">Median of the baseline iterations.</param>
/// <param name="NewMedian">Median of the current iterations.</param>
/// <param name="Ratio"><c>NewMedian / BaseMedian</c>; <see langword="null"/> when the baseline median is 0.</param>
/// <param name="Shift">Hodges–Lehmann shift (new − base) with its confidence interval, in the metric's units.</param>
/// <param name="Verdict">The verdict, in the metric's direction.</param>
/// <param name="Reason">
/// Why there is no verdict (<see cref="Verdict.InsufficientData"/>) or why the data cannot decide
/// (<see cref="Verdict.Unsure"/>); otherwise <see langword="null"/>.
/// </param>
public sealed record SampleComparison(
    int BaseCount,
    int NewCount,
    double BaseMedian,
    double NewMedian,
    double? Ratio,
    ShiftInterval Shift,
    Verdict Verdict,
    string? Reason);
