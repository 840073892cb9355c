using Lwkt.Harness.Results;

namespace Lwkt.Harness.Compare;

/// <summary>
/// The rows of one cell of a result set: its measured iterations (warm-up rows are left out), or the row(s) that say
/// why it has none. A result set merged from shards or reruns may hold several runs' rows for one key; they are pooled.
/// </summary>
/// <remarks>
/// A cell is usable as numbers only when every row is <c>ok</c>: one <c>invalid</c> iteration means the workload's
/// own validation failed and none of the cell's numbers can be trusted.
/// </remarks>
public sealed class ResultCell
{
    private ResultCell(CellKey key, IReadOnlyList<ResultRow> rows)
    {
        Key = key;
        Rows = rows;
    }

    /// <summary>The cell's key columns.</summary>
    public CellKey Key { get; }

    /// <summary>The cell's rows in file order (never empty).</summary>
    public IReadOnlyList<ResultRow> Rows { get; }

    /// <summary>Whether every row has status <c>ok</c>.</summary>
    public bool IsOk => Rows.All(r => r.Status == RowStatus.Ok);

    /// <summary>Whether the cell ran but its warm-up never reached steady state: its numbers are not results.</summary>
    public bool NeverSteady => IsOk && Rows.Any(r => r.Steady == false);

    /// <summary>
    /// What disturbed the cell's kept iterations (other work took more than <see cref="Disturbance.MaxForeignShare"/>
    /// of its CPUs in iterations the child could no longer replace), e.g. <c>2 of 5 iterations disturbed (other work
    /// took up to 46 % of the CPUs)</c>; null when none was.
    /// </summary>
    public string? DisturbanceNote
    {
        get
        {
            double[] shares = [.. Rows.Where(r => r.Steady != false).Select(r => r[Metric.ForeignCpuShare]).OfType<double>()];
            int disturbed = shares.Count(s => Disturbance.IsDisturbed(s));
            return disturbed == 0
                ? null
                : FormattableString.Invariant($"{disturbed} of {shares.Length} iterations disturbed (other work took up to {shares.Max() * 100:0} % of the CPUs)");
        }
    }

    /// <summary>
    /// The cell's steady rows paired with <paramref name="probe"/> (<see cref="MachineSamples"/>): its median, swing,
    /// rank correlation with the cell's time and note; empty for rows without it (files older than the column, a cell on
    /// one CPU for the transfer probe).
    /// </summary>
    internal MachineSamples Probed(MachineProbe probe) => MachineSamples.Of(Rows.Where(r => r.Steady != false), probe);

    /// <summary>
    /// Whether the cell's iterations swung in step with a probe of the machine (<see cref="MachineDrift.Follows"/>), as
    /// e.g. <c>iterations swung 52 % in step with the host's speed (calibration 6 %, rank correlation 0.83)</c>, one note
    /// per probe that it followed, joined by <c>; </c>; null when it followed none.
    /// </summary>
    public string? MachineNote
    {
        get
        {
            string[] notes = [.. MachineProbe.All.Select(p => Probed(p).Note).OfType<string>()];
            return notes.Length == 0 ? null : string.Join("; ", notes);
        }
    }

    /// <summary>
    /// Why the cell is not usable: its distinct non-ok statuses with the first error message, e.g.
    /// <c>crashed: exit code 134</c>; empty when <see cref="IsOk"/>.
    /// </summary>
    public string Problem
    {
        get
        {
            ResultRow[] bad = [.. Rows.Where(r => r.Status != RowStatus.Ok)];
            if (bad.Length == 0)
            {
                return "";
            }

            string statuses = string.Join("+", bad.Select(r => r.Status).Distinct(StringComparer.Ordinal));
            string? error = bad.Select(r => r.Error).FirstOrDefault(e => !string.IsNullOrWhiteSpace(e));
            return error is null ? statuses : $"{statuses}: {FirstLine(error)}";
        }
    }

    /// <summary>The per-iteration values of <paramref name="metric"/> over the cell's steady rows that recorded it.</summary>
    /// <remarks>Meaningful only when <see cref="IsOk"/>; callers never treat a failed cell's values as measurements.</remarks>
    public double[] Samples(Metric metric) =>
        [.. Rows.Where(r => r.Steady != false).Select(r => r[metric]).OfType<double>()];

    /// <summary>
    /// The median of <paramref name="metric"/> per launch (<c>launch=K</c> in <c>detail</c>; rows without it are launch
    /// 1), in launch order, over the same rows as <see cref="Samples"/>; one value for a single-launch cell.
    /// </summary>
    public double[] LaunchMedians(Metric metric) =>
        [.. Rows.Where(r => r.Steady != false && r[metric] is not null)
            .GroupBy(r => LaunchOf(r.Detail))
            .OrderBy(g => g.Key)
            .Select(g => Descriptive.Median([.. g.Select(r => r[metric]!.Value)]))];

    /// <summary>Groups rows into cells, ordered by <see cref="CellKey"/>.</summary>
    public static IReadOnlyList<ResultCell> Group(IEnumerable<ResultRow> rows) =>
        [.. rows.Where(r => r.IsMeasured).GroupBy(CellKey.Of)
            .Select(g => new ResultCell(g.Key, [.. g]))
            .OrderBy(c => c.Key)];

    private static int LaunchOf(string? detail)
    {
        foreach (string entry in (detail ?? "").Split(';'))
        {
            if (entry.StartsWith("launch=", StringComparison.Ordinal)
                && int.TryParse(entry.AsSpan(7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int launch))
            {
                return launch;
            }
        }

        return 1;
    }

    private static string FirstLine(string text)
    {
        string line = text.Trim().Split('\n')[0].Trim();
        return line.Length <= 120 ? line : string.Concat(line.AsSpan(0, 117), "...");
    }
}
