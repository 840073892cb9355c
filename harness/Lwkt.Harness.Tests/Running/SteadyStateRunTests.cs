using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Tests.Running;

/// <summary>Warm-up in real children: rows per phase, the JIT settings recorded, a cell that never settles reported.</summary>
public sealed class SteadyStateRunTests : TempFolderTest
{
    [Fact]
    public async Task Warmup_rows_are_kept_with_their_phase_and_the_jit_settings_and_pinning_are_recorded()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path, runtimes: "lwkt") with { Warmup = 2, WarmupMax = 4 };

        await TestRuns.RunAsync(options);

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        ResultRow[] warmup = [.. rows.Where(r => r.Phase == ResultRow.PhaseWarmup)];
        ResultRow[] measured = [.. rows.Where(r => r.Phase == ResultRow.PhaseMeasure)];
        Assert.InRange(warmup.Length, 2, 4);
        Assert.Equal([1, 2], measured.Select(r => r.Iteration));
        Assert.Equal(Enumerable.Range(1, warmup.Length), warmup.Select(r => r.Iteration));
        Assert.All(warmup, r => Assert.False(r.Steady));
        Assert.All(measured, r => Assert.NotNull(r.Steady));
        Assert.All(rows, r => Assert.NotNull(r[Metric.JitMethods]));
        Assert.All(rows, r => Assert.Contains($"TC_CallCountingDelayMs={HostProtocol.CallCountingDelayMs}", r.JitConfig, StringComparison.Ordinal));
        Assert.Contains("TieredPGO=1", rows[0].JitConfig, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Contains("vcpus_pinned=1", r.Detail, StringComparison.Ordinal));
        RunEnvironment? env = RunEnvironmentFile.Read(Path.Combine(Temp.Path, RunEnvironmentFile.FileName));
        Assert.Equal(rows[0].JitConfig, env?.JitConfig);
        // Whether the cell settled within 4 warm-ups depends on the machine's load; env.json must say what the rows say.
        int steady = measured[0].Steady == true ? 1 : 0;
        Assert.Equal((1, steady, 1 - steady), (env!.SteadyState!.OkCells, env.SteadyState.SteadyCells, env.SteadyState.NeverSteady.Count));
        Assert.Empty(env.SteadyState.Unknown);
    }

    [Fact]
    public async Task The_jit_stage_tiers_up_the_per_iteration_path_before_warmup_so_measured_iterations_compile_almost_nothing()
    {
        // 70 measured iterations: without the stage, code the child runs once per iteration (reporting, /proc
        // reads, thread start) reaches its 30th and 60th calls in here and several hundred methods get compiled.
        RunOptions options = TestRuns.Tiny(Temp.Path) with { Warmup = 1, WarmupMax = 1, Iterations = 70, Duration = TimeSpan.FromMilliseconds(2) };

        await TestRuns.RunAsync(options);

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        Assert.All(rows, r => Assert.Matches(@"jit_stage=\d+it/\d+(\+\d+)+m/\d+ms", r.Detail));
        double measuredJit = rows.Where(r => r.Phase == ResultRow.PhaseMeasure).Sum(r => r[Metric.JitMethods] ?? 0);
        Assert.InRange(measuredJit, 0, 128); // a few stragglers (the stage ends once a round compiles ≤ 16; 68 seen under a parallel test load); without the stage: ~620
    }

    [Fact]
    public async Task A_warmup_that_never_settles_is_reported_never_steady_and_gets_no_statistics()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path) with { Warmup = 1, WarmupMax = 3, ChildEnvironment = TestRuns.Fault("unsteady") };
        var output = new StringWriter();

        RunResult result = await TestRuns.RunAsync(options, new PlainProgress(output));

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        Assert.Equal(3, rows.Count(r => r.Phase == ResultRow.PhaseWarmup));
        Assert.All(rows.Where(r => r.Phase == ResultRow.PhaseWarmup), r => Assert.True(r[Metric.JitMethods] > 0));
        Assert.All(rows, r => Assert.Equal(RowStatus.Ok, r.Status));
        Assert.All(rows, r => Assert.False(r.Steady));
        SummaryRow summary = Assert.Single(result.Summary);
        Assert.True(summary.NeverSteady);
        Assert.Equal(0, summary.Iterations);
        Assert.Null(summary.OpsPerSMedian);
        Assert.Equal(3, summary.WarmupIterations);
        Assert.Contains("never steady after 3 warm-up iterations", output.ToString(), StringComparison.Ordinal);
        string written = File.ReadAllText(Path.Combine(Temp.Path, Summarizer.FileName));
        Assert.Contains(",false,3,", written, StringComparison.Ordinal);
        SteadyStateSummary? steady = RunEnvironmentFile.Read(Path.Combine(Temp.Path, RunEnvironmentFile.FileName))?.SteadyState;
        Assert.NotNull(steady);
        Assert.False(steady.AllSteady);
        Assert.Equal([summary.Key.Label], steady.NeverSteady);
    }
}
