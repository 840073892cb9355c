namespace Lwkt.Harness.Report;

/// <summary>A chart as plain data: what <see cref="ChartRenderer"/> draws, independent of ScottPlot.</summary>
/// <param name="Title">Title above the plot.</param>
/// <param name="XLabel">x axis label.</param>
/// <param name="YLabel">y axis label.</param>
/// <param name="Series">The lines.</param>
/// <param name="XScale">x axis scale.</param>
/// <param name="YScale">y axis scale.</param>
/// <param name="YFromZero">Start a linear y axis at 0 (throughput: the eye reads bar-like heights).</param>
/// <param name="Categories">Labels of the x categories for <see cref="AxisScale.Categorical"/>.</param>
/// <param name="XTicksAtData">Put the x ticks exactly at the data's x values (core and thread counts).</param>
public sealed record LineChart(
    string Title,
    string XLabel,
    string YLabel,
    IReadOnlyList<ChartSeries> Series,
    AxisScale XScale = AxisScale.Linear,
    AxisScale YScale = AxisScale.Linear,
    bool YFromZero = false,
    IReadOnlyList<string>? Categories = null,
    bool XTicksAtData = false);
