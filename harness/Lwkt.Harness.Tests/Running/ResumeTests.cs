namespace Lwkt.Harness.Tests.Running;

public sealed class ResumeTests : TempFolderTest
{
    [Fact]
    public async Task An_interrupted_run_keeps_finished_cells_and_resume_completes_it()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path, workloads: "counter,yield,uncontended") with { Iterations = 1 };
        RunPlan plan = TestRuns.Plan(options);
        Assert.Equal(3, plan.Cells.Count);
        using var interrupt = new CancellationTokenSource();

        RunResult first = await TestRuns.RunAsync(plan, options, new CancelAfterFirstCell(interrupt), interrupt.Token);

        Assert.True(first.Interrupted);
        IReadOnlyList<ResultRow> kept = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        Assert.Equal(["counter"], kept.Select(r => r.Workload).Distinct());
        Assert.Equal("interrupted", RunEnvironmentFile.Read(Path.Combine(Temp.Path, RunEnvironmentFile.FileName))?.State);

        var log = new StringWriter();
        RunResult second = await TestRuns.RunAsync(plan, options with { Resume = true }, new PlainProgress(log));

        Assert.False(second.Interrupted);
        Assert.Equal(2, second.CellsRun);
        Assert.Equal(first.RunId, second.RunId);
        Assert.Contains("1 of 3 cells already have rows", log.ToString(), StringComparison.Ordinal);
        IReadOnlyList<ResultRow> all = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        Assert.Equal(["counter", "yield", "uncontended"], all.Select(r => r.Workload).Distinct());
        Assert.Equal(3, second.Summary.Count);
    }

    [Fact]
    public async Task Interrupting_a_cell_kills_its_child_and_drops_only_that_cell()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path, workloads: "counter,yield") with
        {
            Iterations = 1,
            ChildEnvironment = TestRuns.Fault("hang@yield"),
        };
        using var interrupt = new CancellationTokenSource();

        RunResult result = await TestRuns.RunAsync(options, new CancelWhenCellStarts(2, interrupt), interrupt.Token);

        Assert.True(result.Interrupted);
        Assert.Equal(1, result.CellsRun);
        IReadOnlyList<ResultRow> kept = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        Assert.Equal(["counter"], kept.Select(r => r.Workload).Distinct());
        Assert.True(File.Exists(Path.Combine(Temp.Path, Summarizer.FileName)));
    }

    [Fact]
    public async Task A_folder_with_results_is_not_overwritten_without_resume()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path) with { Iterations = 1 };
        ResultsFile.Write(Path.Combine(Temp.Path, ResultsFile.FileName), [Results.ResultsFileTests.Sample(1)]);

        var ex = await Assert.ThrowsAsync<Lwkt.Harness.Cli.UsageException>(() => TestRuns.RunAsync(options));
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The run command line of a three-cell matrix far from the default quick suite.</summary>
    private string[] SmallRun() =>
    [
        "run", "--workloads", "counter,yield,uncontended", "--runtimes", "os-monitor", "--cores", "1", "--threads", "2",
        "--duration", "30ms", "--warmup", "0", "--iterations", "1", "--seed", "7", "--out", Temp.Path,
    ];

    /// <summary>Keeps only the rows of <paramref name="workload"/>, as a run interrupted after that cell would have.</summary>
    private void KeepOnly(string workload)
    {
        string path = Path.Combine(Temp.Path, ResultsFile.FileName);
        ResultsFile.Write(path, [.. ResultsFile.Read(path).Where(r => r.Workload == workload)]);
    }

    [Fact]
    public void Resume_with_no_options_completes_the_recorded_matrix_not_the_default_suite()
    {
        (int code, string output, string error) = CommandRunner.Program(SmallRun());
        Assert.True(code == 0, output + error);
        KeepOnly("counter");

        (code, output, error) = CommandRunner.Program("run", "--resume", "--out", Temp.Path);

        Assert.True(code == 0, output + error);
        IReadOnlyList<ResultRow> all = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        Assert.Equal(["counter", "uncontended", "yield"], all.Select(r => r.Workload).Distinct().Order());
        Assert.Equal(["os-monitor"], all.Select(r => r.Runtime).Distinct());
        Assert.Equal([2], all.Select(r => r.Threads).Distinct());
        RunEnvironment env = RunEnvironmentFile.Read(Path.Combine(Temp.Path, RunEnvironmentFile.FileName))!;
        Assert.Equal(SmallRun(), env.CommandLine);
        Assert.Equal("7", env.Options["seed"]);
        Assert.Equal(1, env.ResumedCells);

        // Interrupted again and resumed again: the recorded command line still gives the same matrix.
        KeepOnly("yield");
        (code, output, error) = CommandRunner.Program("run", "--resume", "--out", Temp.Path, "--seed", "7", "--threads", "2");
        Assert.True(code == 0, output + error);
        Assert.Equal(3, ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName)).Select(r => r.Workload).Distinct().Count());
    }

    [Theory]
    [InlineData("--workloads", "counter", "--workloads counter (the run has counter,yield,uncontended)")]
    [InlineData("--seed", "42", "--seed 42 (the run has 7)")]
    [InlineData("--iterations", "3", "--iterations 3 (the run has 1)")]
    [InlineData("--suite", "full", "--suite full (the run has quick)")]
    public void Resume_with_an_option_that_contradicts_the_run_exits_2_naming_it(string option, string value, string named)
    {
        (int code, string output, string error) = CommandRunner.Program(SmallRun());
        Assert.True(code == 0, output + error);
        KeepOnly("counter");

        (code, output, error) = CommandRunner.Program("run", "--resume", "--out", Temp.Path, option, value);

        Assert.Equal(2, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(["counter"], ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName)).Select(r => r.Workload).Distinct());
    }

    [Fact]
    public void Resume_of_a_folder_without_env_json_exits_2()
    {
        (int code, _, string error) = CommandRunner.Program("run", "--resume", "--out", Temp.Path);

        Assert.Equal(2, code);
        Assert.Contains("has no env.json", error, StringComparison.Ordinal);
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
