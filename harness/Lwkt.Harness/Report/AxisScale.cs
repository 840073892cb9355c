namespace Lwkt.Harness.Report;

/// <summary>How a chart axis maps values (ScottPlot 5 draws log axes as log-transformed data with labelled ticks).</summary>
public enum AxisScale
{
    /// <summary>Linear.</summary>
    Linear,

    /// <summary>Base-2 logarithmic, ticks at powers of two (core counts).</summary>
    Log2,

    /// <summary>Base-10 logarithmic, ticks at 1-2-5 steps (latencies spanning decades).</summary>
    Log10,

    /// <summary>Categories at 0, 1, 2, …, labelled by <see cref="LineChart.Categories"/>.</summary>
    Categorical,
}
