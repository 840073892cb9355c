using Lwkt.Harness.Results;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Display;

/// <summary>
/// Where a run reports its progress: a live terminal display or plain lines for logs. The runner calls
/// <see cref="RunAsync{T}"/> once around all its work, and the cell callbacks in order from inside it.
/// </summary>
public interface IRunProgress
{
    /// <summary>Runs <paramref name="work"/> with the display active (a live display renders while it runs).</summary>
    Task<T> RunAsync<T>(RunPlan plan, int cellsToRun, Func<Task<T>> work);

    /// <summary>A message outside the cells (run folder, resume, warnings).</summary>
    void Note(string message);

    /// <summary>Cell <paramref name="number"/> (1-based, of the cells to run) starts.</summary>
    void CellStarted(int number, PlannedCell cell);

    /// <summary>Cell <paramref name="number"/> ended; <paramref name="summary"/> is its summary row.</summary>
    void CellFinished(int number, PlannedCell cell, SummaryRow summary, TimeSpan elapsed);
}
