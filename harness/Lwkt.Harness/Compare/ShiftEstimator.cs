using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Pragmastat;

namespace Lwkt.Harness.Compare;

/// <summary>
/// Hodges–Lehmann shift with the Moses/Bauer confidence interval: the interval between order statistics of the
/// pairwise differences whose ranks come from the Mann–Whitney U null distribution. It needs no normality and it is
/// the interval that goes with the rank test <see cref="SampleComparer"/> uses for the verdict.
/// </summary>
internal static class ShiftEstimator
{
    /// <summary>
    /// Estimates the shift of <paramref name="current"/> relative to <paramref name="baseline"/> (positive: current is
    /// larger). Both samples need at least one value.
    /// </summary>
    /// <param name="confidence">The coverage wanted, e.g. 0.95.</param>
    public static ShiftInterval Estimate(IReadOnlyList<double> current, IReadOnlyList<double> baseline, double confidence)
    {
        int n = current.Count, m = baseline.Count;
        double[] differences = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                differences[(i * m) + j] = current[i] - baseline[j];
            }
        }

        Array.Sort(differences);

        // The point estimate is Pragmastat's (the median of pairwise differences), so the figure matches Toolkit users.
        double estimate = Toolkit.Shift(new Sample([.. current]), new Sample([.. baseline]));

        // Under H0 (no shift) the number of differences below the true shift is distributed as U. The interval
        // [D(k), D(nm+1−k)] (1-based order statistics) has coverage 1 − 2·P(U ≤ k−1), so k is the largest count
        // with P(U ≤ k−1) ≤ α/2; k = 1 keeps the whole range, whatever its coverage. Perfolizer's Cdf(n, m, u) is
        // P(U < u), i.e. P(U ≤ u−1). Exact (Loeffler) up to the sizes Perfolizer's own test computes exactly.
        IMannWhitneyCdf cdf = n + m <= BinomialCoefficientHelper.MaxAcceptableN
            ? MannWhitneyLoefflerExactCdf.Instance
            : MannWhitneyEdgeworthApproxCdf.Instance;
        // P(U ≤ k−1) grows with k, so the largest admissible k is found by bisection: a few CDF evaluations rather
        // than one per candidate (the exact CDF costs O(u²) per call).
        double halfAlpha = (1 - confidence) / 2;
        int total = differences.Length;
        int k = 1, high = Math.Max((total + 1) / 2, 1);
        while (k < high)
        {
            int middle = k + ((high - k + 1) / 2);
            if (cdf.Cdf(n, m, middle) <= halfAlpha)
            {
                k = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        double achieved = Math.Clamp(1 - (2 * cdf.Cdf(n, m, k)), 0, 1);
        return new ShiftInterval(estimate, differences[k - 1], differences[total - k], achieved);
    }
}
