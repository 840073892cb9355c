using System.Globalization;
using Lwkt.Harness.Results;
using Spectre.Console;

namespace Lwkt.Harness.Display;

/// <summary>
/// The table that ends a run: one line per workload × parameters × cores × threads, one column per runtime
/// (side by side), each cell the median ops/s, or the status when the cell has no number. Parameters are shown
/// only for workloads run with more than one parameter set (a sweep); the CSV files always have them.
/// </summary>
public static class SummaryTable
{
    /// <summary>Builds the table for <paramref name="summary"/> (cells in first-seen order).</summary>
    public static Table Build(IReadOnlyList<SummaryRow> summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        string[] runtimes = [.. summary.Select(s => s.Key.Runtime).Distinct()];
        HashSet<string> swept = [.. summary.GroupBy(s => s.Key.Workload).Where(g => g.Select(s => s.Key.Params).Distinct().Count() > 1).Select(g => g.Key)];
        var table = new Table().Border(TableBorder.Rounded).Title("median ops/s per cell");
        table.AddColumn("workload");
        if (swept.Count > 0)
        {
            table.AddColumn("params");
        }

        table.AddColumn(new TableColumn("cores").RightAligned());
        table.AddColumn(new TableColumn("threads").RightAligned());
        foreach (string runtime in runtimes)
        {
            table.AddColumn(new TableColumn(Markup.Escape(runtime)).RightAligned());
        }

        foreach (var shape in summary.GroupBy(s => (s.Key.Workload, s.Key.Params, s.Key.Cores, s.Key.Threads)))
        {
            var cells = new List<string> { Markup.Escape(shape.Key.Workload) };
            if (swept.Count > 0)
            {
                cells.Add(swept.Contains(shape.Key.Workload) ? Markup.Escape(shape.Key.Params) : "");
            }

            cells.Add(shape.Key.Cores.ToString(CultureInfo.InvariantCulture));
            cells.Add(shape.Key.Threads.ToString(CultureInfo.InvariantCulture));
            foreach (string runtime in runtimes)
            {
                SummaryRow? cell = shape.FirstOrDefault(s => s.Key.Runtime == runtime);
                cells.Add(cell switch
                {
                    null => "",
                    { NeverSteady: true } => "[yellow]unsteady[/]",
                    { Status: RowStatus.Ok } => Format.Rate(cell.OpsPerSMedian),
                    { Status: RowStatus.Unsupported } => "[grey]unsup.[/]",
                    _ => $"[red]{Markup.Escape(cell.Status)}[/]",
                });
            }

            table.AddRow([.. cells]);
        }

        return table;
    }
}
