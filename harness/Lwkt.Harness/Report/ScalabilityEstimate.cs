namespace Lwkt.Harness.Report;

/// <summary>The USL fit of one line of a throughput-versus-cores chart, or why there is none.</summary>
/// <param name="Workload">The workload.</param>
/// <param name="Params">Its parameters.</param>
/// <param name="Series">The measured line (runtime, and threads when split).</param>
/// <param name="Fit">The fit; <see langword="null"/> when <paramref name="Reason"/> says why not.</param>
/// <param name="Reason">Why there is no fit (too few core counts), or null.</param>
public sealed record ScalabilityEstimate(string Workload, string Params, ScalingSeries Series, UslFit? Fit, string? Reason)
{
    /// <summary>The core counts the report extrapolates the model to.</summary>
    public static IReadOnlyList<int> ExtrapolationCores { get; } = [16, 64, 256];

    /// <summary>Fits every line of the cores groups that has enough core counts; the others get a reason.</summary>
    public static IReadOnlyList<ScalabilityEstimate> For(IEnumerable<ScalingGroup> coreGroups) =>
        [.. coreGroups.SelectMany(g => g.Series.Select(s => Estimate(g, s)))];

    private static ScalabilityEstimate Estimate(ScalingGroup group, ScalingSeries series)
    {
        if (series.Points.Count < UslFitter.MinimumCoreCounts)
        {
            string measured = string.Join(", ", series.Xs);
            return new ScalabilityEstimate(
                group.Workload, group.Params, series, null, $"not enough core counts to fit (measured: {measured})");
        }

        UslFit fit = UslFitter.Fit([.. series.Points.Select(p => (p.X, p.Throughput.Median))]);
        return new ScalabilityEstimate(group.Workload, group.Params, series, fit, null);
    }
}
