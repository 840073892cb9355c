using Lwkt.Harness.Results;

namespace Lwkt.Harness.Compare;

/// <summary>One cell key of a comparison and what became of it.</summary>
/// <param name="Key">The cell.</param>
/// <param name="Outcome">Whether it was compared, and if not, why.</param>
/// <param name="Comparison">The statistics and verdict; present only when <paramref name="Outcome"/> is <see cref="CellOutcome.Compared"/>.</param>
/// <param name="Note">For <see cref="CellOutcome.NotOk"/>, <see cref="CellOutcome.NotSteady"/>, <see cref="CellOutcome.Disturbed"/> and <see cref="CellOutcome.NoMetric"/>: which side and why.</param>
public sealed record CellComparison(CellKey Key, CellOutcome Outcome, SampleComparison? Comparison, string? Note)
{
    /// <summary>The verdict when compared; otherwise <see langword="null"/>.</summary>
    public Verdict? Verdict => Comparison?.Verdict;
}
