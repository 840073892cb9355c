using CsvHelper;
using Lwkt.Workloads.Measurement;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;

namespace Lwkt.Harness.Results;

/// <summary>
/// Reduces per-iteration rows to one <see cref="SummaryRow"/> per cell, in first-seen cell order. Statistics use the
/// rows that are results (<see cref="ResultRow.IsResult"/>: ok, measured, steady); warm-up rows only count the
/// warm-up, and a cell that never became steady gets no statistics.
/// </summary>
public static class Summarizer
{
    /// <summary>The file name of the per-cell summary inside a run folder.</summary>
    public const string FileName = "summary.csv";

    /// <summary>Summarises <paramref name="rows"/> (any mix of cells and runs).</summary>
    public static IReadOnlyList<SummaryRow> Summarize(IEnumerable<ResultRow> rows) =>
        [.. rows.GroupBy(CellKey.Of).Select(Summarize)];

    /// <summary>Writes the summary of <paramref name="rows"/> to <paramref name="path"/> (replacing it).</summary>
    public static IReadOnlyList<SummaryRow> WriteFile(string path, IEnumerable<ResultRow> rows)
    {
        IReadOnlyList<SummaryRow> summary = Summarize(rows);
        using CsvWriter writer = CsvWriter.ToFile(path, CsvWriterOptions.Default with { NewLine = "\n" });
        CsvTable.Write(writer, SummaryColumns.All, summary, header: true);
        return summary;
    }

    private static SummaryRow Summarize(IGrouping<CellKey, ResultRow> cell)
    {
        ResultRow[] all = [.. cell];
        ResultRow[] measured = [.. all.Where(r => r.IsMeasured && r.Status == RowStatus.Ok)];
        ResultRow[] ok = [.. measured.Where(r => r.IsResult && r[Metric.OpsPerSecond] is not null)];
        ResultRow? failed = all.FirstOrDefault(r => r.Status != RowStatus.Ok);
        int warmups = all.Count(r => r.Phase == ResultRow.PhaseWarmup);
        int disturbed = all.Count(r => r.Phase == ResultRow.PhaseDisturbed);
        var summary = new SummaryRow
        {
            RunId = string.Join('+', all.Select(r => r.RunId).Distinct()),
            Key = cell.Key,
            Status = failed?.Status ?? RowStatus.Ok,
            Iterations = ok.Length,
            Error = failed?.Error,
            Steady = measured.Length == 0 || measured.All(r => r.Steady is null) ? null : measured.All(r => r.Steady == true),
            WarmupIterations = warmups == 0 ? null : warmups,
            DisturbedIterations = disturbed == 0 ? null : disturbed,
        };
        if (ok.Length == 0)
        {
            return summary;
        }

        double[] opsPerS = [.. ok.Select(r => r[Metric.OpsPerSecond]!.Value)];
        summary.OpsPerSMedian = Median(opsPerS);
        summary.OpsPerSMin = opsPerS.Min();
        summary.OpsPerSMax = opsPerS.Max();
        if (opsPerS.Length >= 2)
        {
            ConfidenceInterval ci = HarrellDavisQuantileEstimator.Instance
                .QuantileConfidenceIntervalEstimator(new Sample(opsPerS), Probability.Median)
                .ConfidenceInterval(ConfidenceLevel.L95);
            if (double.IsFinite(ci.Lower) && double.IsFinite(ci.Upper))
            {
                // A throughput is never negative: the interval's lower end is clipped at 0 for tiny samples.
                summary.OpsPerSCi95Lower = Math.Max(0, ci.Lower);
                summary.OpsPerSCi95Upper = ci.Upper;
            }
        }

        foreach (MachineProbe probe in MachineProbe.All)
        {
            MachineSamples samples = MachineSamples.Of(ok, probe);
            SummaryRow.Set(summary.Swings, probe, samples.MachineSwing);
            SummaryRow.Set(summary.Rhos, probe, samples.Rho);
        }

        foreach (Metric metric in Metric.Summarized)
        {
            double[] present = [.. ok.Select(r => r[metric]).OfType<double>()];
            if (present.Length > 0)
            {
                summary.Medians[metric] = Median(present);
            }
        }

        return summary;
    }

    private static double Median(double[] values) =>
        values.Length == 1
            ? values[0]
            : HarrellDavisQuantileEstimator.Instance.Quantile(new Sample(values), Probability.Median);
}
