using Lwkt.Harness.Results;

namespace Lwkt.Harness.Compare;

/// <summary>The result of <c>compare</c>: every cell key of either side, and a summary per runtime.</summary>
/// <param name="Options">The metric and thresholds used.</param>
/// <param name="BaseSource">Where the baseline rows came from (as given on the command line).</param>
/// <param name="NewSource">Where the new rows came from.</param>
/// <param name="Cells">Every cell key of either side, ordered by <see cref="CellKey"/>.</param>
/// <param name="Runtimes">One summary per runtime, ordered by name.</param>
public sealed record ComparisonReport(
    CompareOptions Options,
    string BaseSource,
    string NewSource,
    IReadOnlyList<CellComparison> Cells,
    IReadOnlyList<RuntimeSummary> Runtimes)
{
    /// <summary>Whether any cell is Slower: what <c>--fail-on-regression</c> fails on.</summary>
    public bool HasRegression => Cells.Any(c => c.Verdict == Verdict.Slower);

    /// <summary>Whether any cell is Unsure: what <c>--fail-on-unsure</c> fails on.</summary>
    public bool HasUnsure => Cells.Any(c => c.Verdict == Verdict.Unsure);

    /// <summary>The cells with <paramref name="outcome"/>.</summary>
    public IEnumerable<CellComparison> With(CellOutcome outcome) => Cells.Where(c => c.Outcome == outcome);

    /// <summary>The compared cells with <paramref name="verdict"/>.</summary>
    public IEnumerable<CellComparison> With(Verdict verdict) => Cells.Where(c => c.Verdict == verdict);
}
