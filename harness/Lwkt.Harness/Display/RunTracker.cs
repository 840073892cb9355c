using Lwkt.Harness.Results;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Display;

/// <summary>
/// Counts what the displays show: cells done, failures so far, and the estimated time left (mean time of the cells
/// finished so far × cells left; the plan's estimate until the first cell finished).
/// </summary>
internal sealed class RunTracker
{
    private TimeSpan _estimatedCellTime;
    private TimeSpan _elapsedTotal;

    /// <summary>Cells to run.</summary>
    public int Total { get; private set; }

    /// <summary>Cells finished.</summary>
    public int Done { get; private set; }

    /// <summary>Cells that ended <c>crashed</c>, <c>timeout</c> or <c>invalid</c>.</summary>
    public int Failures { get; private set; }

    /// <summary>Starts counting a run.</summary>
    public void Start(RunPlan plan, int cellsToRun)
    {
        Total = cellsToRun;
        _estimatedCellTime = plan.EstimatedCellTime;
    }

    /// <summary>Records a finished cell.</summary>
    public void Finished(SummaryRow summary, TimeSpan elapsed)
    {
        Done++;
        _elapsedTotal += elapsed;
        if (IsFailure(summary.Status))
        {
            Failures++;
        }
    }

    /// <summary>Estimated time left.</summary>
    public TimeSpan Remaining =>
        (Done == 0 ? _estimatedCellTime : _elapsedTotal / Done) * Math.Max(0, Total - Done);

    /// <summary>Whether a status counts as a failure (unsupported does not: it is a documented fact).</summary>
    public static bool IsFailure(string status) =>
        status is RowStatus.Crashed or RowStatus.Timeout or RowStatus.Invalid;
}
