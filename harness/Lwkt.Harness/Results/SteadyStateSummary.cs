namespace Lwkt.Harness.Results;

/// <summary>
/// The <c>steady_state</c> section of <c>env.json</c>: whether every cell that ran reached steady state before it was
/// measured, so a reader of a result folder (a reference set above all) sees it without reading the CSV. Counted from
/// <c>summary.csv</c>'s rows when the run or merge writes its final <c>env.json</c>.
/// </summary>
/// <param name="OkCells">Cells whose status is <c>ok</c>.</param>
/// <param name="SteadyCells">Ok cells whose warm-up ended steady, so their statistics are steady-state figures.</param>
/// <param name="NeverSteady">Labels of the ok cells whose warm-up hit its cap unsteady (no statistics).</param>
/// <param name="Unknown">Labels of the ok cells from files older than the <c>steady</c> column (they cannot say).</param>
public sealed record SteadyStateSummary(int OkCells, int SteadyCells, IReadOnlyList<string> NeverSteady, IReadOnlyList<string> Unknown)
{
    /// <summary>Whether every ok cell is known to be steady.</summary>
    public bool AllSteady => SteadyCells == OkCells;

    /// <summary>Counts <paramref name="cells"/> (one summary row per cell).</summary>
    public static SteadyStateSummary Of(IEnumerable<SummaryRow> cells)
    {
        SummaryRow[] ok = [.. cells.Where(c => c.Status == RowStatus.Ok)];
        return new SteadyStateSummary(
            ok.Length,
            ok.Count(c => c.Steady == true),
            [.. ok.Where(c => c.Steady == false).Select(c => c.Key.Label)],
            [.. ok.Where(c => c.Steady is null).Select(c => c.Key.Label)]);
    }
}
