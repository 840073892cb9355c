using Lwkt.Harness.Display;
using Lwkt.Harness.Results;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Tests.Running;

public sealed class ResumeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_interrupted_run_keeps_finished_cells_and_resume_completes_it()
    {
        RunOptions options = TestRuns.Tiny(_temp.Path, workloads: "counter,yield,uncontended") with { Iterations = 1 };
        RunPlan plan = TestRuns.Plan(options);
        Assert.Equal(3, plan.Cells.Count);
        using var interrupt = new CancellationTokenSource();

        RunResult first = await TestRuns.RunAsync(plan, options, new CancelAfterFirstCell(interrupt), interrupt.Token);

        Assert.True(first.Interrupted);
        IReadOnlyList<ResultRow> kept = ResultsFile.Read(Path.Combine(_temp.Path, ResultsFile.FileName));
        Assert.Equal(["counter"], kept.Select(r => r.Workload).Distinct());
        Assert.Equal("interrupted", RunEnvironmentFile.Read(Path.Combine(_temp.Path, RunEnvironmentFile.FileName))?.State);

        var log = new StringWriter();
        RunResult second = await TestRuns.RunAsync(plan, options with { Resume = true }, new PlainProgress(log));

        Assert.False(second.Interrupted);
        Assert.Equal(2, second.CellsRun);
        Assert.Equal(first.RunId, second.RunId);
        Assert.Contains("1 of 3 cells already have rows", log.ToString(), StringComparison.Ordinal);
        IReadOnlyList<ResultRow> all = ResultsFile.Read(Path.Combine(_temp.Path, ResultsFile.FileName));
        Assert.Equal(["counter", "yield", "uncontended"], all.Select(r => r.Workload).Distinct());
        Assert.Equal(3, second.Summary.Count);
    }

    [Fact]
    public async Task Interrupting_a_cell_kills_its_child_and_drops_only_that_cell()
    {
        RunOptions options = TestRuns.Tiny(_temp.Path, workloads: "counter,yield") with
        {
            Iterations = 1,
            ChildEnvironment = TestRuns.Fault("hang@yield"),
        };
        using var interrupt = new CancellationTokenSource();

        RunResult result = await TestRuns.RunAsync(options, new CancelWhenCellStarts(2, interrupt), interrupt.Token);

        Assert.True(result.Interrupted);
        Assert.Equal(1, result.CellsRun);
        IReadOnlyList<ResultRow> kept = ResultsFile.Read(Path.Combine(_temp.Path, ResultsFile.FileName));
        Assert.Equal(["counter"], kept.Select(r => r.Workload).Distinct());
        Assert.True(File.Exists(Path.Combine(_temp.Path, Summarizer.FileName)));
    }

    [Fact]
    public async Task A_folder_with_results_is_not_overwritten_without_resume()
    {
        RunOptions options = TestRuns.Tiny(_temp.Path) with { Iterations = 1 };
        ResultsFile.Write(Path.Combine(_temp.Path, ResultsFile.FileName), [Results.ResultsFileTests.Sample(1)]);

        var ex = await Assert.ThrowsAsync<Lwkt.Harness.Cli.UsageException>(() => TestRuns.RunAsync(options));
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Plays Ctrl-C a moment after cell <paramref name="number"/> started (its child is running).</summary>
    private sealed class CancelWhenCellStarts(int number, CancellationTokenSource interrupt) : IRunProgress
    {
        public Task<T> RunAsync<T>(RunPlan plan, int cellsToRun, Func<Task<T>> work) => work();

        public void Note(string message)
        {
        }

        public void CellStarted(int n, PlannedCell cell)
        {
            if (n == number)
            {
                interrupt.CancelAfter(TimeSpan.FromMilliseconds(500));
            }
        }

        public void CellFinished(int n, PlannedCell cell, SummaryRow summary, TimeSpan elapsed)
        {
        }
    }

    /// <summary>Plays Ctrl-C once the first cell has finished.</summary>
    private sealed class CancelAfterFirstCell(CancellationTokenSource interrupt) : IRunProgress
    {
        public Task<T> RunAsync<T>(RunPlan plan, int cellsToRun, Func<Task<T>> work) => work();

        public void Note(string message)
        {
        }

        public void CellStarted(int number, PlannedCell cell)
        {
        }

        public void CellFinished(int number, PlannedCell cell, SummaryRow summary, TimeSpan elapsed) => interrupt.Cancel();
    }
}
