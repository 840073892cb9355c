using System.Globalization;
using Lwkt.Harness.Results;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Display;

/// <summary>
/// Progress as plain lines, one per finished cell with the ETA and failures so far: for CI logs and any output
/// that is not a terminal. Nothing is rewritten in place, so a log reads top to bottom.
/// </summary>
public sealed class PlainProgress : IRunProgress
{
    private readonly TextWriter _out;
    private readonly RunTracker _tracker = new();

    /// <summary>Writes to <paramref name="output"/>.</summary>
    public PlainProgress(TextWriter output)
    {
        _out = output;
    }

    /// <inheritdoc/>
    public Task<T> RunAsync<T>(RunPlan plan, int cellsToRun, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(work);
        _tracker.Start(plan, cellsToRun);
        _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cellsToRun} cells, {plan.WarmupText} + {plan.Iterations} × {Format.Duration(plan.Duration)} each, timeout {Format.Duration(plan.Timeout)}{(plan.TimeoutPerIteration ? " without a new iteration" : "")}, estimated {Format.Duration(_tracker.Remaining)}"));
        return work();
    }

    /// <inheritdoc/>
    public void Note(string message) => _out.WriteLine(message);

    /// <inheritdoc/>
    public void CellStarted(int number, PlannedCell cell)
    {
    }

    /// <inheritdoc/>
    public void CellFinished(int number, PlannedCell cell, SummaryRow summary, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(summary);
        _tracker.Finished(summary, elapsed);
        int width = _tracker.Total.ToString(CultureInfo.InvariantCulture).Length;
        string counter = string.Create(CultureInfo.InvariantCulture, $"[{number.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{_tracker.Total}]");
        string result = Format.CellResult(summary, withStatus: true);
        _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{counter} {cell.Key}  {result}  ({Format.Duration(elapsed)}; ETA {Format.Duration(_tracker.Remaining)}; failures {_tracker.Failures})"));
    }
}
