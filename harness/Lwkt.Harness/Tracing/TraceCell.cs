using System.Globalization;
using System.Text.RegularExpressions;
using Lwkt.Harness.Results;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// The results row(s) a trace belongs to: <c>run --trace</c> writes <c>&lt;run&gt;/traces/&lt;cell&gt;.nettrace</c> and
/// names it in the <c>trace_file</c> column of <c>&lt;run&gt;/results.csv</c>, so the rows give the cell and the
/// operations the trace covers. A trace moved away from its run still tells its workload and runtime by its file name
/// (<see cref="CellKey.Slug"/>), but has no operations.
/// </summary>
/// <param name="Workload">The workload, or null when neither a row nor the file name says.</param>
/// <param name="Runtime">The runtime, or null.</param>
/// <param name="Key">The full cell key when a row was found.</param>
/// <param name="Ops">Operations of the traced measured iterations (null: no row, or no ops).</param>
/// <param name="Coverage">What the trace spans, for the report (which iterations, and whether start-up is in it).</param>
public sealed partial record TraceCell(string? Workload, string? Runtime, CellKey? Key, long? Ops, string Coverage)
{
    /// <summary>Finds the cell of the trace at <paramref name="tracePath"/>.</summary>
    public static TraceCell Find(string tracePath)
    {
        ArgumentNullException.ThrowIfNull(tracePath);
        string full = Path.GetFullPath(tracePath);
        string? tracesFolder = Path.GetDirectoryName(full);
        string? runFolder = tracesFolder is null ? null : Path.GetDirectoryName(tracesFolder);
        IReadOnlyList<ResultRow> rows = [];
        if (runFolder is not null)
        {
            try
            {
                rows = [.. ResultsFile.ReadIfExists(Path.Combine(runFolder, ResultsFile.FileName))
                    .Where(r => r.TraceFile is { Length: > 0 } file && Path.GetFullPath(Path.Combine(runFolder, file)) == full)];
            }
            catch (ResultsFormatException)
            {
                // A damaged results file next to the trace: the trace is still readable on its own.
            }
        }

        if (rows.Count > 0)
        {
            ResultRow first = rows[0];
            TraceWindow window = TraceWindow.FromColumn(first.Trace);
            ResultRow[] measured = [.. rows.Where(r => r.IsMeasured && r[Metric.Ops] is > 0 && r.Status is RowStatus.Ok or RowStatus.Invalid && window.Covers(r.Iteration))];
            long? ops = measured.Length == 0 ? null : (long)measured.Sum(r => r[Metric.Ops]!.Value);
            return new TraceCell(first.Workload, first.Runtime, CellKey.Of(first), ops, window.Describe(measured.Length));
        }

        Match slug = Slug().Match(Path.GetFileNameWithoutExtension(full));
        return slug.Success
            ? new TraceCell(slug.Groups["workload"].Value, slug.Groups["runtime"].Value, null, null, "no results row found next to the trace: counts are not per operation")
            : new TraceCell(null, null, null, null, "not a trace of a run (no results row, no cell file name): counts are not per operation");
    }

    /// <summary>Counts per operation when the operations are known, otherwise NaN.</summary>
    public double PerOp(double count) => Ops is > 0 ? count / Ops.Value : double.NaN;

    /// <summary>The cell for reports: the key, or workload and runtime, or a placeholder.</summary>
    public override string ToString() =>
        Key?.ToString() ?? (Workload is null ? "unknown cell" : string.Create(CultureInfo.InvariantCulture, $"{Workload} {Runtime}"));

    [GeneratedRegex(@"^(?<workload>[a-z0-9-]+)_(?<runtime>[a-z0-9-]+)_c\d+_t\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
