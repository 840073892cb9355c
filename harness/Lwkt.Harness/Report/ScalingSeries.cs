namespace Lwkt.Harness.Report;

/// <summary>One line of a scaling chart: a runtime's cells along the x axis, ordered by x.</summary>
/// <param name="Runtime">The runtime.</param>
/// <param name="Fixed">
/// The value of the other key column (threads on a cores chart) when the group measured several values of it at one x,
/// so each gets its own line; <see langword="null"/> when there is one line per runtime.
/// </param>
/// <param name="Label">The legend text: the runtime, plus the fixed column when split (<c>lwkt, threads=8</c>).</param>
/// <param name="Points">The cells of the line with their throughput, ordered by x (one cell per x).</param>
public sealed record ScalingSeries(string Runtime, int? Fixed, string Label, IReadOnlyList<ScalingPoint> Points)
{
    /// <summary>The distinct x values of the line.</summary>
    public IReadOnlyList<int> Xs => [.. Points.Select(p => p.X)];
}
