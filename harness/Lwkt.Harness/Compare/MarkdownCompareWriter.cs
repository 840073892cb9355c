using System.Globalization;

namespace Lwkt.Harness.Compare;

/// <summary>
/// GitHub-flavoured Markdown for a CI job summary or a pull-request comment: the summary per runtime, then Slower and
/// Faster tables (ResultsComparer's layout), cells without a verdict, the unchanged cells folded in a
/// <c>&lt;details&gt;</c>, and the cells that could not be compared.
/// </summary>
public sealed class MarkdownCompareWriter : ICompareWriter
{
    /// <inheritdoc/>
    public string Name => "markdown";

    /// <inheritdoc/>
    public void Write(ComparisonReport report, TextWriter output)
    {
        output.WriteLine($"## lwkt-bench compare: `{report.Options.Metric.Name}`");
        output.WriteLine();
        output.WriteLine(Escape(CompareText.Header(report)) + ".");
        output.WriteLine();

        if (report.Runtimes.Count > 0)
        {
            output.WriteLine("| runtime | faster | slower | same | unsure | insufficient data | not compared | geomean new/base |");
            output.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|");
            foreach (RuntimeSummary s in report.Runtimes)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {Escape(s.Runtime)} | {s.Faster} | {s.Slower} | {s.Same} | {s.Unsure} | {s.Insufficient} | {s.Uncompared} | {CompareText.GeometricMean(s)} |"));
            }

            output.WriteLine();
        }

        foreach (Verdict verdict in CompareText.DisplayOrder)
        {
            CellComparison[] cells = [.. report.With(verdict)];
            if (cells.Length == 0)
            {
                continue;
            }

            string title = string.Create(CultureInfo.InvariantCulture, $"{CompareText.Label(verdict)} ({cells.Length})");
            bool folded = verdict == Verdict.Same;
            output.WriteLine(folded ? $"<details><summary>{title}</summary>" : $"### {title}");
            output.WriteLine();
            WriteTable(output, cells, verdict is Verdict.InsufficientData or Verdict.Unsure);
            output.WriteLine();
            if (folded)
            {
                output.WriteLine("</details>");
                output.WriteLine();
            }
        }

        foreach ((string title, CellComparison[] cells) in CompareText.Uncompared(report))
        {
            WriteList(output, title, cells);
        }
    }

    private static void WriteTable(TextWriter output, IEnumerable<CellComparison> cells, bool withReason)
    {
        string reason = withReason ? " reason |" : "";
        output.WriteLine($"| workload | params | runtime | cores | threads | base median | new median | change | {CompareText.ShiftHeading} |{reason}");
        output.WriteLine("|---|---|---|--:|--:|--:|--:|--:|--:|" + (withReason ? "---|" : ""));
        foreach (CellComparison cell in cells)
        {
            SampleComparison c = cell.Comparison!;
            string why = withReason ? $" {Escape(c.Reason ?? "")} |" : "";
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {Escape(cell.Key.Workload)} | {Escape(cell.Key.Params)} | {Escape(cell.Key.Runtime)} | {cell.Key.Cores} | {cell.Key.Threads} "
                + $"| {CompareText.Number(c.BaseMedian)} (n={c.BaseCount}) | {CompareText.Number(c.NewMedian)} (n={c.NewCount}) "
                + $"| {CompareText.Change(c.Ratio)} | {CompareText.Shift(c.Shift)} |{why}"));
        }
    }

    private static void WriteList(TextWriter output, string title, CellComparison[] cells)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"### {title} ({cells.Length})"));
        output.WriteLine();
        foreach (CellComparison cell in cells)
        {
            string note = cell.Note is null ? "" : $": {Escape(cell.Note)}";
            output.WriteLine($"- `{cell.Key.Label}`{note}");
        }

        output.WriteLine();
    }

    /// <summary>Keeps a value from breaking a table row or turning into markup.</summary>
    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);
}
