using CsvHelper;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Compare;

/// <summary>One line per cell key (<see cref="CompareColumns"/>), in key order, for spreadsheets and scripts.</summary>
public sealed class CsvCompareWriter : ICompareWriter
{
    /// <inheritdoc/>
    public string Name => "csv";

    /// <inheritdoc/>
    public void Write(ComparisonReport report, TextWriter output)
    {
        using CsvWriter writer = CsvWriter.Create(output, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        CsvTable.Write(writer, CompareColumns.For(report.Options.Metric), report.Cells, header: true);
    }
}
