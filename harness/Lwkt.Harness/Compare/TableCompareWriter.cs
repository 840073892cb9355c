using System.Globalization;
using Spectre.Console;

namespace Lwkt.Harness.Compare;

/// <summary>
/// The console format: a Spectre.Console table of the compared cells (regressions first), the per-runtime summary,
/// and the cells that could not be compared. Colour only when the output is a terminal.
/// </summary>
public sealed class TableCompareWriter : ICompareWriter
{
    /// <summary>Width used when the output is not a terminal (a file, a pipe, a test), so tables do not wrap.</summary>
    private const int RedirectedWidth = 220;

    /// <inheritdoc/>
    public string Name => "table";

    /// <inheritdoc/>
    public void Write(ComparisonReport report, TextWriter output)
    {
        IAnsiConsole console = CreateConsole(output);
        console.WriteLine(CompareText.Header(report));

        CellComparison[] compared = [.. CompareText.Compared(report)];
        if (compared.Length > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            AddColumns(table, "workload", "params", "runtime", "cores", "threads", "base", "new", "change", CompareText.ShiftHeading, "verdict");
            foreach (int column in new[] { 3, 4, 5, 6, 7 })
            {
                table.Columns[column].RightAligned();
            }

            foreach (CellComparison cell in compared)
            {
                SampleComparison c = cell.Comparison!;
                table.AddRow(
                    Text(cell.Key.Workload),
                    Text(cell.Key.Params),
                    Text(cell.Key.Runtime),
                    Text(cell.Key.Cores.ToString(CultureInfo.InvariantCulture)),
                    Text(cell.Key.Threads.ToString(CultureInfo.InvariantCulture)),
                    Text($"{CompareText.Number(c.BaseMedian)} (n={c.BaseCount})"),
                    Text($"{CompareText.Number(c.NewMedian)} (n={c.NewCount})"),
                    Text(CompareText.Change(c.Ratio)),
                    Text(CompareText.Shift(c.Shift)),
                    VerdictText(c));
            }

            console.Write(table);
        }

        WriteSummary(console, report);
        foreach ((string title, CellComparison[] cells) in CompareText.Uncompared(report))
        {
            WriteList(console, title, cells);
        }
    }

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    private static void WriteSummary(IAnsiConsole console, ComparisonReport report)
    {
        if (report.Runtimes.Count == 0)
        {
            console.WriteLine("No cells on either side.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("summary per runtime");
        AddColumns(table, "runtime", "faster", "slower", "same", "unsure", "insufficient", "not compared", "geomean new/base");
        for (int column = 1; column < 8; column++)
        {
            table.Columns[column].RightAligned();
        }

        foreach (RuntimeSummary s in report.Runtimes)
        {
            table.AddRow(
                Text(s.Runtime),
                Text(Count(s.Faster)),
                Text(Count(s.Slower)),
                Text(Count(s.Same)),
                Text(Count(s.Unsure)),
                Text(Count(s.Insufficient)),
                Text(Count(s.Uncompared)),
                Text(CompareText.GeometricMean(s)));
        }

        console.Write(table);
    }

    private static void WriteList(IAnsiConsole console, string title, CellComparison[] cells)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title} ({cells.Length}):"));
        foreach (CellComparison cell in cells)
        {
            console.WriteLine(cell.Note is null ? $"  {cell.Key.Label}" : $"  {cell.Key.Label}: {cell.Note}");
        }
    }

    private static Text VerdictText(SampleComparison c) => c.Verdict switch
    {
        Verdict.Slower => new Text("Slower", new Style(Color.Red, decoration: Decoration.Bold)),
        Verdict.Faster => new Text("Faster", new Style(Color.Green)),
        Verdict.InsufficientData => new Text($"insufficient data: {c.Reason}", new Style(Color.Yellow)),
        Verdict.Unsure => new Text($"Unsure: {c.Reason}", new Style(Color.Yellow)),
        _ => new Text("Same"),
    };

    private static Text Text(string value) => new(value);

    /// <summary>Adds columns whose headers are plain text (Spectre would read "[95% CI]" as markup).</summary>
    private static void AddColumns(Table table, params string[] headers)
    {
        foreach (string header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
