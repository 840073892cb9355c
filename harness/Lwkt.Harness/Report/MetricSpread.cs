using Lwkt.Harness.Compare;

namespace Lwkt.Harness.Report;

/// <summary>The median and range of one metric over a cell's iterations: a chart point and its error bar.</summary>
/// <param name="Median">Median over the iterations.</param>
/// <param name="Min">Smallest iteration.</param>
/// <param name="Max">Largest iteration.</param>
/// <param name="Count">Iterations that recorded the metric.</param>
public readonly record struct MetricSpread(double Median, double Min, double Max, int Count)
{
    /// <summary>The spread of <paramref name="metric"/> over <paramref name="cell"/>'s rows; null when none recorded it.</summary>
    public static MetricSpread? Of(ResultCell cell, Metric metric)
    {
        double[] values = cell.Samples(metric);
        return values.Length == 0
            ? null
            : new MetricSpread(Descriptive.Median(values), values.Min(), values.Max(), values.Length);
    }
}
