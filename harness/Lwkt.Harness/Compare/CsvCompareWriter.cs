using CsvHelper;

namespace Lwkt.Harness.Compare;

/// <summary>One <see cref="CompareCsvRow"/> per cell key, in key order, for spreadsheets and scripts.</summary>
public sealed class CsvCompareWriter : ICompareWriter
{
    /// <inheritdoc/>
    public string Name => "csv";

    /// <inheritdoc/>
    public void Write(ComparisonReport report, TextWriter output)
    {
        using CsvWriter writer = CsvWriter.Create(output, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        writer.WriteRecords(report.Cells.Select(cell => ToRow(cell, report.Options.Metric)));
    }

    private static CompareCsvRow ToRow(CellComparison cell, Metric metric)
    {
        SampleComparison? c = cell.Comparison;
        return new CompareCsvRow
        {
            Workload = cell.Key.Workload,
            Runtime = cell.Key.Runtime,
            Cores = cell.Key.Cores,
            Threads = cell.Key.Threads,
            Params = cell.Key.Params,
            Metric = metric.Name,
            Outcome = CompareText.Token(cell.Outcome),
            Verdict = c is null ? null : CompareText.Token(c.Verdict),
            BaseCount = c?.BaseCount,
            NewCount = c?.NewCount,
            BaseMedian = c?.BaseMedian,
            NewMedian = c?.NewMedian,
            Ratio = c?.Ratio,
            Shift = c?.Shift.Estimate,
            ShiftLower = c?.Shift.Lower,
            ShiftUpper = c?.Shift.Upper,
            ShiftConfidence = c?.Shift.Confidence,
            Note = c?.Reason ?? cell.Note,
        };
    }
}
