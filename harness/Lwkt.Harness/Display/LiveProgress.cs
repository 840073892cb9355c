using System.Globalization;
using Lwkt.Harness.Results;
using Lwkt.Harness.Running;
using Spectre.Console;

namespace Lwkt.Harness.Display;

/// <summary>
/// Progress on an interactive terminal (Spectre.Console): a progress bar with the current cell, the ETA and
/// failures so far, and one line per finished cell printed above it.
/// </summary>
public sealed class LiveProgress : IRunProgress
{
    private readonly IAnsiConsole _console;
    private readonly RunTracker _tracker = new();
    private ProgressTask? _task;

    /// <summary>Renders on <paramref name="console"/>.</summary>
    public LiveProgress(IAnsiConsole console)
    {
        _console = console;
    }

    /// <inheritdoc/>
    public async Task<T> RunAsync<T>(RunPlan plan, int cellsToRun, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(work);
        _tracker.Start(plan, cellsToRun);
        _console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{cellsToRun} cells, {plan.WarmupText} + {plan.Iterations} × {Format.Duration(plan.Duration)} each, estimated {Format.Duration(_tracker.Remaining)}")));
        return await _console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                _task = context.AddTask("starting", maxValue: Math.Max(1, cellsToRun));
                T result = await work().ConfigureAwait(false);
                _task.Value = _task.MaxValue;
                return result;
            }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Note(string message) => _console.MarkupLine(Markup.Escape(message));

    /// <inheritdoc/>
    public void CellStarted(int number, PlannedCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (_task is not null)
        {
            _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"[{number}/{_tracker.Total}] {cell.Key.Workload} {cell.Key.Runtime} c{cell.Key.Cores} t{cell.Key.Threads} · ETA {Format.Duration(_tracker.Remaining)} · failures {_tracker.Failures}"));
        }
    }

    /// <inheritdoc/>
    public void CellFinished(int number, PlannedCell cell, SummaryRow summary, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(summary);
        _tracker.Finished(summary, elapsed);
        _task?.Increment(1);
        string status = summary.Status switch
        {
            RowStatus.Ok when summary.NeverSteady => "[yellow]unsteady[/]",
            RowStatus.Ok => "[green]ok[/]",
            RowStatus.Unsupported => "[grey]unsupported[/]",
            _ => $"[red]{Markup.Escape(summary.Status)}[/]",
        };
        string value = Markup.Escape(Format.CellResult(summary, withStatus: false));
        _console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{status} {Markup.Escape(cell.Key.ToString())}  {value}  [grey]({Format.Duration(elapsed)})[/]"));
    }
}
