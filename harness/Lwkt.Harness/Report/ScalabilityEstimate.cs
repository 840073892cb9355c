namespace Lwkt.Harness.Report;

/// <summary>The USL fit of one line of a throughput-versus-cores (or -threads) chart, or why there is none.</summary>
/// <param name="Workload">The workload.</param>
/// <param name="Params">Its parameters.</param>
/// <param name="Axis">What N is in the fit: cores, or threads where too few core counts were measured.</param>
/// <param name="Series">The measured line (runtime, and the other key column when split).</param>
/// <param name="Fit">The fit; <see langword="null"/> when <paramref name="Reason"/> says why not.</param>
/// <param name="Reason">Why there is no fit (too few core or thread counts), or null.</param>
public sealed record ScalabilityEstimate(
    string Workload, string Params, ScalingAxis Axis, ScalingSeries Series, UslFit? Fit, string? Reason)
{
    /// <summary>The N (cores or threads) the report extrapolates the model to.</summary>
    public static IReadOnlyList<int> ExtrapolationCores { get; } = [16, 64, 256];

    /// <summary>
    /// One estimate per line, per workload and parameter set. Over cores where any line has enough core counts (the
    /// law's own axis); otherwise over threads, one line per runtime and core count, where any of those has enough
    /// thread counts (a 2-core machine measures 2 core counts but can sweep threads): N is then the number of threads
    /// sharing those cores. Otherwise the cores lines, each with the reason it has no fit.
    /// </summary>
    public static IReadOnlyList<ScalabilityEstimate> For(IEnumerable<ScalingGroup> coreGroups, IReadOnlyList<ScalingGroup> threadGroups) =>
    [
        .. coreGroups.SelectMany(cores =>
        {
            ScalingGroup? threads = threadGroups.FirstOrDefault(t => t.Workload == cores.Workload && t.Params == cores.Params);
            ScalingGroup chosen = !Fits(cores) && threads is not null && Fits(threads) ? threads : cores;
            return chosen.Series.Select(s => Estimate(chosen, s));
        }),
    ];

    private static bool Fits(ScalingGroup group) => group.Series.Any(s => s.Points.Count >= UslFitter.MinimumCoreCounts);

    private static ScalabilityEstimate Estimate(ScalingGroup group, ScalingSeries series)
    {
        if (series.Points.Count < UslFitter.MinimumCoreCounts)
        {
            string what = group.Axis == ScalingAxis.Cores ? "core" : "thread";
            string measured = string.Join(", ", series.Xs);
            return new ScalabilityEstimate(
                group.Workload, group.Params, group.Axis, series, null, $"not enough {what} counts to fit (measured: {measured})");
        }

        UslFit fit = UslFitter.Fit([.. series.Points.Select(p => (p.X, p.Throughput.Median))]);
        return new ScalabilityEstimate(group.Workload, group.Params, group.Axis, series, fit, null);
    }
}
