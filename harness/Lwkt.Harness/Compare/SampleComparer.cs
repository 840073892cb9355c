using System.Globalization;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;
using Pragmastat.Metrology;

namespace Lwkt.Harness.Compare;

/// <summary>
/// Compares the iterations of one cell, ResultsComparer's algorithm on Perfolizer 0.6.1: a two-one-sided
/// Mann–Whitney equivalence test (<see cref="SimpleEquivalenceTest"/>) against the relative threshold, then again
/// against the absolute noise floor; only a change that is significant beyond both is Faster or Slower. Otherwise the
/// cell is Same only when the Hodges–Lehmann shift's confidence interval lies inside the band ±max(threshold × base
/// median, noise floor) — shown to be within it; a difference neither shown nor excluded is Unsure.
/// </summary>
/// <remarks>
/// Why two thresholds: the relative one stops a 1 % wobble of a big number from counting, the absolute one stops
/// 1.0 ns versus 1.1 ns from counting as a 10 % regression. Rank-based, so an outlier iteration (a GC, a preemption)
/// cannot flip the verdict on its own.
/// </remarks>
public sealed class SampleComparer
{
    private static readonly SimpleEquivalenceTest s_test = new(MannWhitneyTest.Instance);

    private readonly CompareOptions _options;
    private readonly Threshold _relative;
    private readonly Threshold _noise;
    private readonly SignificanceLevel _alpha;

    /// <summary>Creates a comparer with the thresholds of <paramref name="options"/>.</summary>
    public SampleComparer(CompareOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ThresholdPercent);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Noise);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinIterations, 2);
        if (options.Alpha is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Alpha, "Alpha must lie in (0, 1).");
        }

        _options = options;
        _relative = PercentValue.Of(options.ThresholdPercent).ToThreshold();
        _noise = new NumberValue(options.Noise).ToThreshold();
        _alpha = new SignificanceLevel(options.Alpha);
    }

    /// <summary>
    /// Compares <paramref name="current"/> with <paramref name="baseline"/> (each at least one finite value; the
    /// caller reports empty sides as missing data, not as a comparison).
    /// </summary>
    public SampleComparison Compare(IReadOnlyList<double> baseline, IReadOnlyList<double> current)
    {
        if (baseline.Count == 0 || current.Count == 0)
        {
            throw new ArgumentException("Both sides need at least one value.");
        }

        double baseMedian = Descriptive.Median(baseline);
        double newMedian = Descriptive.Median(current);
        double? ratio = baseMedian != 0 ? newMedian / baseMedian : null;
        ShiftInterval shift = ShiftEstimator.Estimate(current, baseline, CompareOptions.ShiftConfidence);

        string? reason = WhyNoVerdict(baseline.Count, current.Count);
        Verdict verdict = reason is null ? Decide(baseline, current, baseMedian, shift, out reason) : Verdict.InsufficientData;
        return new SampleComparison(baseline.Count, current.Count, baseMedian, newMedian, ratio, shift, verdict, reason);
    }

    private string? WhyNoVerdict(int baseCount, int newCount)
    {
        int fewest = Math.Min(baseCount, newCount);
        if (fewest < _options.MinIterations)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{fewest} iteration(s) on a side, fewer than --min-iterations {_options.MinIterations}");
        }

        // The smallest one-sided p-value the rank test can produce is 1 / C(n+m, n); if that is not below alpha the
        // test could never reject, and "Same" would be a lie rather than a finding.
        double smallestP = Math.Exp(-BinomialCoefficientHelper.LogBinomialCoefficient(baseCount + newCount, baseCount));
        return smallestP < _options.Alpha
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{baseCount}+{newCount} iterations cannot reach p < {_options.Alpha} (smallest p {smallestP:G3})");
    }

    private Verdict Decide(IReadOnlyList<double> baseline, IReadOnlyList<double> current, double baseMedian, ShiftInterval shift, out string? reason)
    {
        reason = null;
        var baseSample = new Sample([.. baseline]);
        var newSample = new Sample([.. current]);

        // Perform(x, y) answers Greater when x (the current sample, passed first) is the larger.
        ComparisonResult relative = s_test.Perform(newSample, baseSample, _relative, _alpha);
        if (relative == ComparisonResult.Unknown)
        {
            reason = "the equivalence test gave no answer";
            return Verdict.InsufficientData;
        }

        if (relative != ComparisonResult.Indistinguishable
            && s_test.Perform(newSample, baseSample, _noise, _alpha) != ComparisonResult.Indistinguishable)
        {
            bool larger = relative == ComparisonResult.Greater;
            return larger == _options.Metric.HigherIsBetter ? Verdict.Faster : Verdict.Slower;
        }

        // Not shown to differ: Same only if shown to be within the band, else the data cannot decide.
        double band = Band(baseMedian);
        if (shift.Lower >= -band && shift.Upper <= band)
        {
            return Verdict.Same;
        }

        reason = string.Create(
            CultureInfo.InvariantCulture,
            $"shift interval [{shift.Lower:G4}, {shift.Upper:G4}] leaves the band ±{band:G4} {_options.Metric.Unit}, yet no change is significant at alpha {_options.Alpha:G}");
        return Verdict.Unsure;
    }

    /// <summary>The half-width of the Same band: the relative threshold of the base median, or the noise floor if wider.</summary>
    public double Band(double baseMedian) => Math.Max(Math.Abs(baseMedian) * _options.ThresholdPercent / 100, _options.Noise);
}
