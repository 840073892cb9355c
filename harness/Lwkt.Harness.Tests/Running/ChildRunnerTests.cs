using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Tests.Running;

public sealed class ChildRunnerTests : TempFolderTest
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_child_sees_the_cells_cpus_and_processor_count_from_its_start(bool threadAffinity)
    {
        CpuTopology topology = CpuTopology.Current();
        RunOptions options = TestRuns.Tiny(Temp.Path, cores: "all") with { Iterations = 1 };
        RunPlan plan = TestRuns.Plan(options);
        foreach (int cores in new[] { 1, topology.Count }.Distinct())
        {
            PlannedCell cell = plan.Cells[0] with
            {
                Key = plan.Cells[0].Key with { Cores = cores },
                Cpus = topology.CpusFor(cores),
            };
            var executor = new CellExecutor(HostLocator.FindHostDll(), hook: null, forceThreadAffinity: threadAffinity);

            ChildOutcome outcome = await executor.RunAsync(cell, plan, Temp.Path, CancellationToken.None);

            Assert.Null(outcome.FailureError);
            Assert.NotNull(outcome.Ready);
            Assert.Equal(CpuList.Format(topology.CpusFor(cores)), outcome.Ready.Affinity);
            Assert.Equal(cores, outcome.Ready.ProcessorCount);
            Assert.Single(outcome.Iterations);
        }
    }

    [Fact]
    public async Task A_finished_cell_gives_one_ok_row_per_measured_iteration()
    {
        RunResult result = await TestRuns.RunAsync(TestRuns.Tiny(Temp.Path));

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(RowStatus.Ok, r.Status);
            Assert.Equal("counter", r.Workload);
            Assert.Equal(1, r.Cores);
            Assert.Contains("cs_ns=", r.Params, StringComparison.Ordinal);
            Assert.True(r[Metric.Ops] > 0);
            Assert.Equal(result.RunId, r.RunId);
        });
        Assert.Equal([1, 2], rows.Select(r => r.Iteration));
        SummaryRow summary = Assert.Single(result.Summary);
        Assert.Equal(2, summary.Iterations);
        Assert.True(File.Exists(Path.Combine(Temp.Path, Summarizer.FileName)));
        RunEnvironment? env = RunEnvironmentFile.Read(Path.Combine(Temp.Path, RunEnvironmentFile.FileName));
        Assert.Equal("finished", env?.State);
        Assert.Equal(result.RunId, env?.RunId);
    }

    [Fact]
    public async Task A_crashing_child_gives_a_crashed_row_with_its_stderr_and_the_run_goes_on()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path, workloads: "counter,yield") with { ChildEnvironment = TestRuns.Fault("crash@counter") };

        RunResult result = await TestRuns.RunAsync(options);

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        ResultRow crashed = Assert.Single(rows, r => r.Workload == "counter");
        Assert.Equal(RowStatus.Crashed, crashed.Status);
        Assert.Contains("before DONE", crashed.Error, StringComparison.Ordinal);
        Assert.Contains("test fault: crash", crashed.Error, StringComparison.Ordinal);
        Assert.All(rows.Where(r => r.Workload == "yield"), r => Assert.Equal(RowStatus.Ok, r.Status));
        Assert.Equal(2, rows.Count(r => r.Workload == "yield"));
        Assert.Equal(1, result.FailedCells);
    }

    [Fact]
    public async Task A_child_exiting_non_zero_before_ready_is_crashed_with_its_exit_code()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path) with { ChildEnvironment = TestRuns.Fault("exit3") };

        await TestRuns.RunAsync(options);

        ResultRow row = Assert.Single(ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName)));
        Assert.Equal(RowStatus.Crashed, row.Status);
        Assert.Contains("exited with code 3 before DONE", row.Error, StringComparison.Ordinal);
        Assert.Equal(0, row.Iteration);
    }

    [Fact]
    public async Task A_hung_child_is_killed_at_the_timeout_and_the_run_goes_on()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path, workloads: "counter,yield") with
        {
            ChildEnvironment = TestRuns.Fault("hang@counter"),
            Timeout = TimeSpan.FromSeconds(8),
        };

        RunResult result = await TestRuns.RunAsync(options);

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        ResultRow hung = Assert.Single(rows, r => r.Workload == "counter");
        Assert.Equal(RowStatus.Timeout, hung.Status);
        Assert.Contains("timeout", hung.Error, StringComparison.Ordinal);
        Assert.All(rows.Where(r => r.Workload == "yield"), r => Assert.Equal(RowStatus.Ok, r.Status));
        Assert.False(result.Interrupted);
    }

    [Fact]
    public async Task The_default_timeout_counts_from_the_last_iteration_so_a_long_cell_that_reports_is_not_killed()
    {
        // 20 measured iterations of 0.5 s outlast an 8 s limit on the whole cell; each arrives well within it (the
        // first after the child's start, JIT stage and warm-up: about 2 s on the quiet VM).
        RunOptions options = TestRuns.Tiny(Temp.Path) with { Iterations = 20, Duration = TimeSpan.FromMilliseconds(500) };
        RunPlan plan = TestRuns.Plan(options) with { Timeout = TimeSpan.FromSeconds(8), TimeoutPerIteration = true };

        await TestRuns.RunAsync(plan, options);

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        Assert.All(rows, r => Assert.Equal(RowStatus.Ok, r.Status));
        Assert.Equal(20, rows.Count(r => r.Phase == ResultRow.PhaseMeasure));
    }

    [Theory]
    [InlineData("os-monitor", "os-monitor: its threads are OS threads")]
    [InlineData("lwkt", "token-collisions=")]
    public async Task The_default_timeout_still_kills_a_child_that_stops_reporting_and_keeps_its_state_dump(string runtime, string state)
    {
        RunOptions options = TestRuns.Tiny(Temp.Path, runtimes: runtime) with { ChildEnvironment = TestRuns.Fault("hang") };
        RunPlan plan = TestRuns.Plan(options) with { Timeout = TimeSpan.FromSeconds(8), TimeoutPerIteration = true };

        await TestRuns.RunAsync(plan, options);

        ResultRow row = Assert.Single(ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName)));
        Assert.Equal(RowStatus.Timeout, row.Status);
        Assert.Contains("killed after 8 s without a new iteration", row.Error, StringComparison.Ordinal);

        // The child answered the dump signal before the kill (PROTOCOL.md, "State at a timeout"): both markers, and the state.
        Assert.Contains("\nSTATE-DUMP\n", row.Error, StringComparison.Ordinal);
        Assert.Contains(state, row.Error, StringComparison.Ordinal);
        Assert.EndsWith("STATE-DUMP-END", row.Error, StringComparison.Ordinal);
        if (runtime == "lwkt")
        {
            Assert.Contains("cpu0: movable=", row.Error, StringComparison.Ordinal);
            Assert.Contains("after 100 ms:", row.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unsupported_cell_gets_its_row_without_a_child()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path) with { ChildEnvironment = TestRuns.Fault("exit3") };
        RunPlan plan = TestRuns.Plan(options);
        plan = plan with { Cells = [plan.Cells[0] with { UnsupportedReason = "no futex on this OS" }] };

        RunResult result = await TestRuns.RunAsync(plan, options);

        ResultRow row = Assert.Single(ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName)));
        Assert.Equal(RowStatus.Unsupported, row.Status);
        Assert.Equal("no futex on this OS", row.Error);
        Assert.Null(row[Metric.Ops]);
        Assert.Equal(0, result.FailedCells);
    }
}
