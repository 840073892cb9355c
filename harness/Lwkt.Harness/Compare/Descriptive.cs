namespace Lwkt.Harness.Compare;

/// <summary>Plain descriptive statistics over small samples (iterations of one cell).</summary>
internal static class Descriptive
{
    /// <summary>The sample median (the mean of the two middle values for an even count). Needs at least one value.</summary>
    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    /// <summary>
    /// The <paramref name="p"/>-quantile by linear interpolation between order statistics (Hyndman–Fan type 7, the
    /// default of R and NumPy). Needs at least one value.
    /// </summary>
    public static double Quantile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("A quantile needs at least one value.", nameof(values));
        }

        double[] sorted = [.. values];
        Array.Sort(sorted);
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>
    /// The geometric mean of the positive finite values, or <see langword="null"/> when there are none. Ratios are
    /// averaged geometrically so that ×2 and ×0.5 cancel out.
    /// </summary>
    public static double? GeometricMean(IEnumerable<double> values)
    {
        double sumLog = 0;
        int count = 0;
        foreach (double v in values)
        {
            if (v > 0 && double.IsFinite(v))
            {
                sumLog += Math.Log(v);
                count++;
            }
        }

        return count == 0 ? null : Math.Exp(sumLog / count);
    }
}
