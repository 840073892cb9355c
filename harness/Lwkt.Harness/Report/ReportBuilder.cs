using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lwkt.Harness.Compare;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Report;

/// <summary>
/// Turns result rows into <see cref="ReportContent"/>: scaling lines, USL fits and the charts (throughput versus cores
/// and versus threads, latency percentiles, the USL extrapolation), per workload and parameter set.
/// </summary>
public static class ReportBuilder
{
    private const string ThroughputLabel = "ops/s (point: median of iterations; bar: min-max)";

    /// <summary>Builds the report's content from <paramref name="rows"/>.</summary>
    public static ReportContent Build(IReadOnlyList<ResultRow> rows)
    {
        IReadOnlyList<ResultCell> cells = ResultCell.Group(rows);
        IReadOnlyList<ScalingGroup> byCores = ScalingGroup.Build(cells, ScalingAxis.Cores);
        IReadOnlyList<ScalingGroup> byThreads = ScalingGroup.Build(cells, ScalingAxis.Threads);
        IReadOnlyList<ScalabilityEstimate> scalability = ScalabilityEstimate.For(byCores, byThreads);

        // One colour per runtime across every chart; split lines (runtime + threads) get colours after those.
        var colors = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string runtime in cells.Select(c => c.Key.Runtime).Distinct().Order(StringComparer.Ordinal))
        {
            colors[runtime] = colors.Count;
        }

        int ColorOf(string label) => colors.TryGetValue(label, out int index) ? index : colors[label] = colors.Count;

        var charts = new List<ReportChart>();
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string workload, string parameters) in cells.Where(c => c.IsOk)
            .Select(c => (c.Key.Workload, c.Key.Params)).Distinct().Order())
        {
            void Add(string kind, LineChart? chart)
            {
                if (chart is not null)
                {
                    charts.Add(new ReportChart(Stem(kind, workload, parameters, stems), workload, parameters, chart));
                }
            }

            string title = parameters.Length > 0 ? $"{workload} ({parameters})" : workload;
            Add("throughput-vs-cores", ScalingChart(Find(byCores, workload, parameters), title, ColorOf));
            Add("throughput-vs-threads", ScalingChart(Find(byThreads, workload, parameters), title, ColorOf));
            Add("latency", LatencyChart(cells, workload, parameters, title, ColorOf));
            Add("usl", UslChart(scalability.Where(s => s.Workload == workload && s.Params == parameters), title, ColorOf));
        }

        return new ReportContent(rows, cells, scalability, charts);
    }

    private static ScalingGroup? Find(IReadOnlyList<ScalingGroup> groups, string workload, string parameters) =>
        groups.FirstOrDefault(g => g.Workload == workload && g.Params == parameters);

    /// <summary>Throughput along cores or threads, one line per runtime, error bars min–max; null without scaling.</summary>
    private static LineChart? ScalingChart(ScalingGroup? group, string title, Func<string, int> colorOf)
    {
        if (group is null || !group.HasScaling)
        {
            return null;
        }

        string axis = group.Axis == ScalingAxis.Cores ? "cores" : "threads";
        ChartSeries[] series =
        [
            .. group.Series.Select(s => new ChartSeries(
                s.Label,
                colorOf(s.Label),
                [.. s.Points.Select(p => (double)p.X)],
                [.. s.Points.Select(p => p.Throughput.Median)],
                [.. s.Points.Select(p => p.Throughput.Min)],
                [.. s.Points.Select(p => p.Throughput.Max)])),
        ];
        // Core and thread counts usually double; a log2 axis keeps 1, 2, 4 apart when 64 is on the same chart.
        double[] xs = [.. series.SelectMany(s => s.X)];
        bool wide = xs.Max() >= 8 * xs.Min();
        return new LineChart(
            $"{title}: throughput vs {axis}",
            wide ? $"{axis} (log scale)" : axis,
            ThroughputLabel,
            series,
            XScale: wide ? AxisScale.Log2 : AxisScale.Linear,
            YFromZero: true,
            XTicksAtData: true);
    }

    /// <summary>
    /// Latency percentiles (p50 … max) at the largest core count measured, one line per runtime (and thread count
    /// when several), log scale; null when no cell recorded latencies.
    /// </summary>
    private static LineChart? LatencyChart(
        IReadOnlyList<ResultCell> cells, string workload, string parameters, string title, Func<string, int> colorOf)
    {
        ResultCell[] candidates =
        [
            .. cells.Where(c => c.IsOk && c.Key.Workload == workload && c.Key.Params == parameters
                && Metric.LatencyPercentiles.Any(m => MetricSpread.Of(c, m) is not null)),
        ];
        if (candidates.Length == 0)
        {
            return null;
        }

        int cores = candidates.Max(c => c.Key.Cores);
        ResultCell[] chosen = [.. candidates.Where(c => c.Key.Cores == cores)];
        bool split = chosen.GroupBy(c => c.Key.Runtime).Any(g => g.Count() > 1);
        var series = new List<ChartSeries>();
        foreach (ResultCell cell in chosen)
        {
            string label = split ? $"{cell.Key.Runtime}, threads={cell.Key.Threads}" : cell.Key.Runtime;
            var points = Metric.LatencyPercentiles
                .Select((metric, index) => (Index: index, Spread: MetricSpread.Of(cell, metric)))
                .Where(p => p.Spread is not null)
                .ToArray();
            series.Add(new ChartSeries(
                label,
                colorOf(label),
                [.. points.Select(p => (double)p.Index)],
                [.. points.Select(p => p.Spread!.Value.Median)],
                [.. points.Select(p => p.Spread!.Value.Min)],
                [.. points.Select(p => p.Spread!.Value.Max)]));
        }

        return new LineChart(
            string.Create(CultureInfo.InvariantCulture, $"{title}: latency percentiles at {cores} cores"),
            "percentile",
            "latency (median of iterations; bar: min-max)",
            series,
            XScale: AxisScale.Categorical,
            YScale: AxisScale.Log10,
            Categories: ["p50", "p90", "p99", "p99.9", "max"]);
    }

    /// <summary>
    /// Measured medians and the fitted USL curves out to N = 256 on a log2 axis, N being cores or, where the fits are
    /// over threads, threads; null without fits.
    /// </summary>
    private static LineChart? UslChart(IEnumerable<ScalabilityEstimate> estimates, string title, Func<string, int> colorOf)
    {
        ScalabilityEstimate[] fitted = [.. estimates.Where(e => e.Fit is not null)];
        if (fitted.Length == 0)
        {
            return null;
        }

        int last = Math.Max(ScalabilityEstimate.ExtrapolationCores[^1], fitted.Max(e => e.Series.Xs[^1]));
        double[] curveCores = [.. Enumerable.Range(0, 97).Select(i => Math.Pow(last, i / 96.0))];
        var series = new List<ChartSeries>();
        foreach (ScalabilityEstimate e in fitted)
        {
            int color = colorOf(e.Series.Label);
            series.Add(new ChartSeries(
                $"{e.Series.Label} (measured)",
                color,
                [.. e.Series.Points.Select(p => (double)p.X)],
                [.. e.Series.Points.Select(p => p.Throughput.Median)],
                MarkersOnly: true));
            series.Add(new ChartSeries(
                $"{e.Series.Label} (USL model)",
                color,
                curveCores,
                [.. curveCores.Select(e.Fit!.Model.Throughput)],
                IsModel: true));
        }

        string axis = fitted[0].Axis == ScalingAxis.Cores ? "cores" : "threads";
        return new LineChart(
            $"{title}: USL model over {axis}, extrapolated (a model, not a measurement)",
            $"{axis} (log scale)",
            "ops/s",
            series,
            XScale: AxisScale.Log2,
            YFromZero: true);
    }

    /// <summary>
    /// A file stem safe on every file system: <c>kind-workload[-params]</c> in lower-case letters, digits and dashes,
    /// shortened with a hash suffix when long, and made unique within the report.
    /// </summary>
    private static string Stem(string kind, string workload, string parameters, HashSet<string> used)
    {
        string raw = parameters.Length > 0 ? $"{kind}-{workload}-{parameters}" : $"{kind}-{workload}";
        var builder = new StringBuilder(raw.Length);
        foreach (char ch in raw.ToLowerInvariant())
        {
            bool keep = ch is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (keep)
            {
                builder.Append(ch);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        string stem = builder.ToString().TrimEnd('-');
        if (stem.Length > 80 || !used.Add(stem))
        {
            string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..8];
            stem = $"{stem[..Math.Min(stem.Length, 70)].TrimEnd('-')}-{hash}";
            used.Add(stem);
        }

        return stem;
    }
}
