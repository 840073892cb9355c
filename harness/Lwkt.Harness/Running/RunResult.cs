using Lwkt.Harness.Results;

namespace Lwkt.Harness.Running;

/// <summary>What a run left behind.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Folder">The run folder (results.csv, summary.csv, env.json).</param>
/// <param name="Summary">The summary of every cell in the folder (resumed cells included).</param>
/// <param name="CellsRun">Cells this invocation ran.</param>
/// <param name="Interrupted">Whether Ctrl-C stopped it before the last cell.</param>
public sealed record RunResult(string RunId, string Folder, IReadOnlyList<SummaryRow> Summary, int CellsRun, bool Interrupted)
{
    /// <summary>Cells whose status is <c>crashed</c>, <c>timeout</c> or <c>invalid</c>.</summary>
    public int FailedCells => Summary.Count(s => Display.RunTracker.IsFailure(s.Status));

    /// <summary>The cells' ratios to the floor probed around them (<c>--floor</c>), one line each; empty without it.</summary>
    public IReadOnlyList<string> FloorRatios { get; init; } = [];
}
