using System.Globalization;
using Lwkt.Harness.Compare;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace Lwkt.Harness.Report;

/// <summary>
/// Draws a <see cref="LineChart"/> with ScottPlot 5 to PNG and SVG. Headless: SkiaSharp's native library ships in the
/// package and text uses the system fonts (docs/architecture.md, .NET platform facts).
/// </summary>
public static class ChartRenderer
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = 900;

    /// <summary>Image height in pixels.</summary>
    public const int Height = 540;

    private static readonly IPalette s_palette = new ScottPlot.Palettes.Category10();

    /// <summary>Writes <paramref name="chart"/> to <paramref name="pngPath"/> and <paramref name="svgPath"/>.</summary>
    public static void Render(LineChart chart, string pngPath, string svgPath)
    {
        ArgumentNullException.ThrowIfNull(chart);
        using var plot = new Plot();
        plot.Title(chart.Title);
        plot.XLabel(chart.XLabel);
        plot.YLabel(chart.YLabel);

        foreach (ChartSeries series in chart.Series)
        {
            AddSeries(plot, chart, series);
        }

        SetTicks(plot.Axes.Bottom, chart.XScale, chart.Series.SelectMany(s => s.X), chart.Categories, chart.XTicksAtData);
        SetTicks(plot.Axes.Left, chart.YScale, chart.Series.SelectMany(s => s.Y.Concat(s.Low ?? []).Concat(s.High ?? [])), null, false);
        if (chart.YFromZero && chart.YScale == AxisScale.Linear)
        {
            double top = chart.Series.SelectMany(s => s.High ?? s.Y).DefaultIfEmpty(1).Max();
            plot.Axes.SetLimitsY(0, top > 0 ? top * 1.08 : 1);
        }

        if (chart.Series.Count > 0)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        plot.SavePng(pngPath, Width, Height);
        plot.SaveSvg(svgPath, Width, Height);
    }

    private static void AddSeries(Plot plot, LineChart chart, ChartSeries series)
    {
        Color color = s_palette.GetColor(series.ColorIndex);
        double[] xs = [.. series.X.Select(v => Transform(v, chart.XScale))];
        double[] ys = [.. series.Y.Select(v => Transform(v, chart.YScale))];
        Scatter scatter = plot.Add.Scatter(xs, ys, color);
        scatter.LegendText = series.Label;
        if (series.IsModel)
        {
            // A plain translucent line, not a dashed one: Skia's SVG backend has no dash path effect (it prints
            // "Unsupported path effect" and draws solid anyway), and the PNG should look like the SVG.
            scatter.Color = color.WithAlpha(0.55);
            scatter.MarkerSize = 0;
            scatter.LineWidth = 3;
        }
        else if (series.MarkersOnly)
        {
            scatter.LineWidth = 0;
            scatter.MarkerSize = 8;
        }
        else
        {
            scatter.LineWidth = 2;
            scatter.MarkerSize = 7;
        }

        if (series.Low is { } low && series.High is { } high)
        {
            double[] above = [.. ys.Select((y, i) => Math.Max(Transform(high[i], chart.YScale) - y, 0))];
            double[] below = [.. ys.Select((y, i) => Math.Max(y - Transform(low[i], chart.YScale), 0))];
            var bars = new ErrorBar(xs, ys, null, null, above, below) { Color = color, LineWidth = 1.5f, CapSize = 6 };
            plot.Add.Plottable(bars);
        }
    }

    private static double Transform(double value, AxisScale scale) => scale switch
    {
        AxisScale.Log2 => Math.Log2(Math.Max(value, double.Epsilon)),
        AxisScale.Log10 => Math.Log10(Math.Max(value, double.Epsilon)),
        _ => value,
    };

    /// <summary>
    /// Log and categorical axes, and axes with ticks at the data, get manual ticks labelled in data units; other linear
    /// axes keep ScottPlot's automatic ticks with compact labels (<c>12M</c> rather than <c>12,000,000</c>).
    /// </summary>
    private static void SetTicks(
        IAxis axis, AxisScale scale, IEnumerable<double> values, IReadOnlyList<string>? categories, bool atData)
    {
        double[] data = [.. values.Where(v => v > 0 && double.IsFinite(v))];
        var ticks = new NumericManual();
        switch (scale)
        {
            case AxisScale.Linear or AxisScale.Log2 when atData:
                foreach (double v in data.Distinct().Order())
                {
                    ticks.AddMajor(Transform(v, scale), v.ToString("G", CultureInfo.InvariantCulture));
                }

                break;
            case AxisScale.Linear:
                axis.TickGenerator = new NumericAutomatic { LabelFormatter = CompareText.Number };
                return;
            case AxisScale.Categorical:
                for (int i = 0; i < (categories?.Count ?? 0); i++)
                {
                    ticks.AddMajor(i, categories![i]);
                }

                break;
            case AxisScale.Log2 when data.Length > 0:
                for (int e = (int)Math.Floor(Math.Log2(data.Min())); e <= (int)Math.Ceiling(Math.Log2(data.Max())); e++)
                {
                    ticks.AddMajor(e, Math.Pow(2, e).ToString("G", CultureInfo.InvariantCulture));
                }

                break;
            case AxisScale.Log10 when data.Length > 0:
                for (int e = (int)Math.Floor(Math.Log10(data.Min())); e <= (int)Math.Ceiling(Math.Log10(data.Max())); e++)
                {
                    foreach (double step in new[] { 1.0, 2.0, 5.0 })
                    {
                        double v = step * Math.Pow(10, e);
                        ticks.AddMajor(Math.Log10(v), FormatNanoseconds(v));
                    }
                }

                break;
            default:
                return;
        }

        axis.TickGenerator = ticks;
    }

    /// <summary>A duration in nanoseconds with a readable unit: <c>500 ns</c>, <c>2 µs</c>, <c>10 ms</c>.</summary>
    internal static string FormatNanoseconds(double ns) => ns switch
    {
        >= 1e9 => (ns / 1e9).ToString("G3", CultureInfo.InvariantCulture) + " s",
        >= 1e6 => (ns / 1e6).ToString("G3", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("G3", CultureInfo.InvariantCulture) + " µs",
        _ => ns.ToString("G3", CultureInfo.InvariantCulture) + " ns",
    };
}
