namespace Lwkt.Harness.Compare;

/// <summary>How <c>compare</c> decides a verdict.</summary>
/// <param name="Metric">The column compared.</param>
/// <param name="ThresholdPercent">
/// The relative threshold: a change smaller than this percentage of the baseline is "Same" (the equivalence margin of
/// the test). ResultsComparer's <c>--threshold</c>.
/// </param>
/// <param name="Noise">The absolute noise floor in the metric's units (ResultsComparer's <c>--noise</c>).</param>
/// <param name="MinIterations">Fewest iterations per side for a verdict; below it the cell is "insufficient data".</param>
/// <param name="Alpha">The significance level of each one-sided test.</param>
public sealed record CompareOptions(Metric Metric, double ThresholdPercent, double Noise, int MinIterations, double Alpha)
{
    /// <summary>The default relative threshold: 5 %.</summary>
    public const double DefaultThresholdPercent = 5;

    /// <summary>
    /// The default significance level: 0.01. With hundreds of cells per run, 0.05 would flag a cell sitting right at
    /// the threshold about once per twenty; 0.01 keeps CI quiet while a clear 20 % change still passes with 5 iterations.
    /// </summary>
    public const double DefaultAlpha = 0.01;

    /// <summary>
    /// The default minimum iterations per side: 5. The Mann–Whitney test on n and m values cannot give a p-value below
    /// 1 / C(n+m, n): 0.05 for 3+3 and 0.014 for 4+4, so at α = 0.01 no 4-iteration cell could ever be flagged, and
    /// 5+5 (p ≥ 0.004) is the smallest size that can.
    /// </summary>
    public const int DefaultMinIterations = 5;

    /// <summary>The coverage of the reported shift interval.</summary>
    public const double ShiftConfidence = 0.95;

    /// <summary>The defaults for <paramref name="metric"/>: 5 %, the metric's noise floor, 5 iterations, α = 0.01.</summary>
    public static CompareOptions For(Metric metric) =>
        new(metric, DefaultThresholdPercent, metric.NoiseFloor ?? 0, DefaultMinIterations, DefaultAlpha);
}
