namespace Lwkt.Harness.Compare;

/// <summary>The verdict counts and average change of one runtime's cells.</summary>
/// <param name="Runtime">The runtime.</param>
/// <param name="Faster">Cells with verdict Faster.</param>
/// <param name="Slower">Cells with verdict Slower.</param>
/// <param name="Same">Cells with verdict Same.</param>
/// <param name="Insufficient">Compared cells without a verdict (too few iterations).</param>
/// <param name="Unsure">Compared cells the data cannot decide (neither shown to differ nor shown within the threshold).</param>
/// <param name="Uncompared">Cells on one side only, failed, or without the metric.</param>
/// <param name="GeometricMeanRatio">
/// Geometric mean of <c>new / base</c> medians over the cells with a verdict (ResultsComparer's "geomean"); ratios
/// that are 0 or infinite are left out. <see langword="null"/> when no cell has a verdict.
/// </param>
public sealed record RuntimeSummary(
    string Runtime,
    int Faster,
    int Slower,
    int Same,
    int Insufficient,
    int Unsure,
    int Uncompared,
    double? GeometricMeanRatio);
