namespace Lwkt.Harness.Tests.Running;

/// <summary><c>--launches</c> in real children: each launch a process of its own, rows numbered on, pooled in the summary.</summary>
public sealed class LaunchesRunTests : TempFolderTest
{
    [Fact]
    public async Task Each_launch_is_its_own_child_and_its_measured_rows_are_numbered_after_the_previous_ones()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path) with { Launches = 3, Iterations = 2, Warmup = 1, WarmupMax = 2 };

        RunResult result = await TestRuns.RunAsync(options);

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        ResultRow[] measured = [.. rows.Where(r => r.Phase == ResultRow.PhaseMeasure)];
        Assert.Equal([1, 2, 3, 4, 5, 6], measured.Select(r => r.Iteration));
        Assert.Equal(["launch=1", "launch=1", "launch=2", "launch=2", "launch=3", "launch=3"], measured.Select(r => r.Detail!.Split(';')[^1]));

        // Every launch warmed up from scratch (its own JIT stage and warm-up): a fresh process each time.
        foreach (string launch in new[] { "launch=1", "launch=2", "launch=3" })
        {
            ResultRow[] warmup = [.. rows.Where(r => r.Phase == ResultRow.PhaseWarmup && r.Detail!.EndsWith(launch, StringComparison.Ordinal))];
            Assert.NotEmpty(warmup);
            Assert.Equal(1, warmup[0].Iteration);
            Assert.Contains("jit_stage=", warmup[0].Detail, StringComparison.Ordinal);
        }

        // The summary pools the launches: every steady measured row of every launch (a launch whose short warm-up
        // hit its cap on a loaded machine is not steady and stays out).
        SummaryRow summary = Assert.Single(result.Summary);
        Assert.Equal(measured.Count(r => r.Steady != false), summary.Iterations);
    }

    [Fact]
    public void Launches_with_a_trace_are_refused()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path) with { Launches = 2, Trace = TraceProfile.Lwkt };

        UsageException error = Assert.Throws<UsageException>(() => TestRuns.Plan(options));
        Assert.Contains("--launches with --trace", error.Message, StringComparison.Ordinal);
    }
}
