using System.Globalization;
using Lwkt.Harness.Compare;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Report;

/// <summary>
/// Writes <c>report.md</c>: where the numbers come from, a summary table of every cell, the charts per workload, and
/// the USL section, which says in words and in its heading that its figures are a model, not measurements.
/// </summary>
public static class ReportMarkdown
{
    /// <summary>The report file's name inside the output folder.</summary>
    public const string FileName = "report.md";

    /// <summary>Writes the report for <paramref name="content"/>; chart files are referenced as <c>STEM.png</c>/<c>STEM.svg</c>.</summary>
    /// <param name="source">The results path as given, for the header.</param>
    public static void Write(ReportContent content, string source, TextWriter output)
    {
        output.WriteLine("# lwkt-bench report");
        output.WriteLine();
        WriteProvenance(content.Rows, source, output);
        WriteSummary(content.Cells, output);
        WriteTransferRatios(content.Cells, output);
        WriteCharts(content.Charts, output);
        WriteScalability(content.Scalability, output);
        WriteFailures(content.Cells, output);
    }

    private static void WriteProvenance(IReadOnlyList<ResultRow> rows, string source, TextWriter output)
    {
        string Distinct(Func<ResultRow, string?> field)
        {
            string[] values = [.. rows.Select(field).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.Ordinal)];
            return values.Length switch
            {
                0 => "-",
                <= 4 => string.Join(", ", values),
                _ => string.Join(", ", values.Take(4)) + string.Create(CultureInfo.InvariantCulture, $" (+{values.Length - 4} more)"),
            };
        }

        output.WriteLine($"- Source: `{source}` ({rows.Count.ToString(CultureInfo.InvariantCulture)} rows)");
        output.WriteLine($"- Runs: {Escape(Distinct(r => r.RunId))}; commit: {Escape(Distinct(r => r.GitSha))}");
        output.WriteLine($"- Host: {Escape(Distinct(r => r.Host))}; CPU: {Escape(Distinct(r => r.CpuModel))}; "
            + $"logical CPUs: {Escape(Distinct(r => r.LogicalCpus > 0 ? r.LogicalCpus.ToString(CultureInfo.InvariantCulture) : null))}");
        output.WriteLine($"- OS: {Escape(Distinct(r => r.Os))}; kernel: {Escape(Distinct(r => r.Kernel))}; "
            + $".NET: {Escape(Distinct(r => r.DotnetVersion))}; GC: {Escape(Distinct(r => r.GcMode))}");
        output.WriteLine("- Every figure is the median over a cell's measured iterations; chart error bars span min to max.");
        output.WriteLine();
    }

    private static void WriteSummary(IReadOnlyList<ResultCell> cells, TextWriter output)
    {
        output.WriteLine("## Summary");
        output.WriteLine();
        output.WriteLine("| workload | params | runtime | cores | threads | iterations | ops/s | ops/s min-max | ns/op | p50 | p99 | status |");
        output.WriteLine("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (ResultCell cell in cells)
        {
            CellKey k = cell.Key;
            string keyColumns = string.Create(
                CultureInfo.InvariantCulture,
                $"| {Escape(k.Workload)} | {Escape(k.Params)} | {Escape(k.Runtime)} | {k.Cores} | {k.Threads} |");
            if (!cell.IsOk)
            {
                output.WriteLine($"{keyColumns} - | - | - | - | - | - | {Escape(cell.Problem)} |");
                continue;
            }

            MetricSpread? ops = MetricSpread.Of(cell, Metric.OpsPerSecond);
            string range = ops is { } o ? $"{CompareText.Number(o.Min)}-{CompareText.Number(o.Max)}" : "-";
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{keyColumns} {cell.Rows.Count} | {Median(cell, Metric.OpsPerSecond)} | {range} | {Median(cell, Metric.NsPerOp)} "
                + $"| {Latency(cell, Metric.LatencyP50)} | {Latency(cell, Metric.LatencyP99)} | {Status(cell)} |"));
        }

        output.WriteLine();
    }

    /// <summary>
    /// The cross-CPU round trips against the line transfer measured around their own iterations
    /// (<see cref="TransferRatio"/>): per cell, the round trip, the probe's median, and the median, smallest and largest
    /// of the iterations' own ratios; nothing when no cell is one (or none carries the probe).
    /// </summary>
    private static void WriteTransferRatios(IReadOnlyList<ResultCell> cells, TextWriter output)
    {
        var lines = new List<string>();
        foreach (ResultCell cell in cells.Where(c => c.IsOk && !c.NeverSteady && TransferRatio.Applies(c.Key)))
        {
            MachineSamples probed = cell.Probed(MachineProbe.Transfer);
            if (probed.MedianRatio is not { } ratio)
            {
                continue;
            }

            double[] ratios = [.. probed.NsPerOp.Zip(probed.Machine, (op, transfer) => op / transfer)];
            CellKey k = cell.Key;
            lines.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"| {Escape(k.Workload)} | {Escape(k.Params)} | {Escape(k.Runtime)} | {k.Cores} | {k.Threads} | {ratios.Length} | {Descriptive.Median(probed.NsPerOp):F1} "
                + $"| {probed.Median:F1} | {ratio:F2} | {ratios.Min():F2}-{ratios.Max():F2} | {(probed.Rho is { } rho ? rho.ToString("F2", CultureInfo.InvariantCulture) : "-")} |"));
        }

        if (lines.Count == 0)
        {
            return;
        }

        output.WriteLine("## Cross-CPU round trips against the transfer probe");
        output.WriteLine();
        output.WriteLine("Each iteration's ns per round trip over the cache-line round trip measured on the same two CPUs just before and "
            + "after it (`machine_transfer_ns`, docs/measurement.md): the hop's cost in line round trips. It compares across the "
            + "host's states far better than the times, but part of a hop does not scale with the line: compare cells within one state where you can.");
        output.WriteLine();
        output.WriteLine("| workload | params | runtime | cores | threads | iterations | ns per round trip | transfer probe ns | ratio (median) | ratio min-max | rank correlation |");
        output.WriteLine("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (string line in lines)
        {
            output.WriteLine(line);
        }

        output.WriteLine();
    }

    /// <summary>
    /// An ok cell's status: <c>ok</c>, or with the note that its iterations swung in step with a probe of the machine
    /// (<see cref="ResultCell.MachineNote"/>: the host's speed, the cross-CPU transfer cost; its spread is the
    /// machine's, docs/measurement.md).
    /// </summary>
    private static string Status(ResultCell cell) => cell.MachineNote is { } host ? $"ok; {Escape(host)}" : "ok";

    private static void WriteCharts(IReadOnlyList<ReportChart> charts, TextWriter output)
    {
        if (charts.Count == 0)
        {
            output.WriteLine("No charts: no cell has ok iterations with a throughput, or every workload was measured at a single point.");
            output.WriteLine();
            return;
        }

        foreach (IGrouping<(string Workload, string Params), ReportChart> section in charts.GroupBy(c => (c.Workload, c.Params)))
        {
            string heading = section.Key.Params.Length > 0 ? $"{section.Key.Workload} ({section.Key.Params})" : section.Key.Workload;
            output.WriteLine($"## {Escape(heading)}");
            output.WriteLine();
            foreach (ReportChart chart in section)
            {
                output.WriteLine($"![{Escape(chart.Chart.Title)}]({chart.FileStem}.png)");
                output.WriteLine();
                output.WriteLine($"[SVG]({chart.FileStem}.svg)");
                output.WriteLine();
            }
        }
    }

    private static void WriteScalability(IReadOnlyList<ScalabilityEstimate> estimates, TextWriter output)
    {
        output.WriteLine("## Scalability model (Universal Scalability Law): a model, not a measurement");
        output.WriteLine();
        output.WriteLine("> **Model, not measurement.** Each line of a throughput-versus-cores chart is fitted with "
            + "X(N) = λN / (1 + σ(N−1) + κN(N−1)) (least squares on relative error, λ, σ, κ ≥ 0): λ is one core's "
            + "throughput, σ the contention (serialisation), κ the coherency cost (cross-CPU traffic that makes "
            + "throughput fall past the peak N* = sqrt((1−σ)/κ)). Where fewer than three core counts were measured "
            + "(a 2-core machine), the lines of the throughput-versus-threads chart are fitted instead, one per runtime "
            + "and core count, with N the number of threads sharing those cores: λ is then one thread's throughput and "
            + "σ, κ say how the runtime copes with more threads on the same cores, not with more cores. The "
            + "\"fitted over\" column says which. The X(16), X(64), X(256) columns and the peak are **extrapolations "
            + "of the fitted model** beyond what was measured; they predict, they were not measured, and they are only "
            + "as good as the model's assumptions for this workload.");
        output.WriteLine();
        if (estimates.Count == 0)
        {
            output.WriteLine("No throughput-versus-cores or -threads lines to fit.");
            output.WriteLine();
            return;
        }

        string extrapolated = string.Join(" | ", ScalabilityEstimate.ExtrapolationCores.Select(n => $"model X({n})"));
        output.WriteLine($"| workload | params | line | fitted over | N measured | λ (ops/s) | σ | κ | model peak N* | model X(N*) | {extrapolated} | fit error |");
        output.WriteLine("|---|---|---|---|---|--:|--:|--:|--:|--:|" + string.Concat(ScalabilityEstimate.ExtrapolationCores.Select(_ => "--:|")) + "--:|");
        foreach (ScalabilityEstimate e in estimates)
        {
            string axis = e.Axis == ScalingAxis.Cores ? "cores" : "threads";
            string key = $"| {Escape(e.Workload)} | {Escape(e.Params)} | {Escape(e.Series.Label)} | {axis} | {string.Join(", ", e.Series.Xs)} |";
            if (e.Fit is not { } fit)
            {
                string blanks = string.Concat(Enumerable.Repeat(" - |", 5 + ScalabilityEstimate.ExtrapolationCores.Count));
                output.WriteLine($"{key} {e.Reason} |{blanks}");
                continue;
            }

            UslModel m = fit.Model;
            string peak = PeakText(m);
            string peakX = m.PeakCores is double p ? CompareText.Number(m.Throughput(p)) : "-";
            string predictions = string.Join(" | ", ScalabilityEstimate.ExtrapolationCores.Select(c => CompareText.Number(m.Throughput(c))));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{key} {CompareText.Number(m.Lambda)} | {m.Sigma:G3} | {m.Kappa:G3} | {peak} | {peakX} | {predictions} | {fit.RelativeRmse:P1} |"));
        }

        output.WriteLine();
    }

    /// <summary>
    /// The model peak column: N* where the model has an interior peak; "none" when κ = 0 (it rises for ever); 1 when
    /// σ ≥ 1 (throughput falls from the first added core or thread: more contention than work).
    /// </summary>
    internal static string PeakText(UslModel model) =>
        model.PeakCores is double n ? n.ToString("0.#", CultureInfo.InvariantCulture)
        : model.Kappa > 0 ? "1 (σ ≥ 1: falls from the start)"
        : "none (κ = 0)";

    private static void WriteFailures(IReadOnlyList<ResultCell> cells, TextWriter output)
    {
        ResultCell[] failed = [.. cells.Where(c => !c.IsOk)];
        if (failed.Length == 0)
        {
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## Cells without numbers ({failed.Length})"));
        output.WriteLine();
        output.WriteLine("Their rows are not ok (invalid, crashed, timeout, unsupported); none of their values is charted or fitted.");
        output.WriteLine();
        foreach (ResultCell cell in failed)
        {
            output.WriteLine($"- `{cell.Key.Label}`: {Escape(cell.Problem)}");
        }

        output.WriteLine();
    }

    private static string Median(ResultCell cell, Metric metric) =>
        MetricSpread.Of(cell, metric) is { } s ? CompareText.Number(s.Median) : "-";

    private static string Latency(ResultCell cell, Metric metric) =>
        MetricSpread.Of(cell, metric) is { } s ? ChartRenderer.FormatNanoseconds(s.Median) : "-";

    private static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal);
}
