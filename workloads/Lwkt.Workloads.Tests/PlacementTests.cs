using Lwkt.Workloads.Catalog;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests;

/// <summary>Placement is observed, not assumed: pingpong records where both sides ran; runtimes that cannot place refuse.</summary>
public sealed class PlacementTests
{
    private static CellSpec PingPong(string runtime, string placement, int cores, bool pinWorkers = true) =>
        new("pingpong", runtime, cores, 2, new Dictionary<string, string> { ["placement"] = placement }, TestCells.Duration, 42, pinWorkers);

    [Theory]
    [InlineData("lwkt")]
    [InlineData("os-futex")]
    public void Cross_placement_runs_the_two_sides_on_different_cpus_and_same_on_one(string runtime)
    {
        if (Environment.ProcessorCount < 2)
        {
            return; // Nothing to cross on one CPU (the cross cell is unsupported there; see CellRunnerTests).
        }

        using var cross = new CellRunner(PingPong(runtime, "cross", 2));
        using var same = new CellRunner(PingPong(runtime, "same", 2));

        IterationResult crossed = TestCells.RunOnce(cross, $"pingpong cross on {runtime}");
        IterationResult together = TestCells.RunOnce(same, $"pingpong same on {runtime}");

        Assert.Equal(IterationResult.StatusOk, crossed.Status);
        Assert.InRange(crossed[Metric.CrossCpuShare] ?? -1, 0.95, 1.0);
        Assert.InRange(together[Metric.CrossCpuShare] ?? -1, 0.0, 0.05);
    }

    [Theory]
    [InlineData("same")]
    [InlineData("cross")]
    public void A_runtime_that_cannot_place_threads_is_unsupported_for_placed_cells(string placement)
    {
        using var runner = new CellRunner(PingPong("tpl-async", placement, TestCells.Cores));

        if (placement == "cross" && TestCells.Cores < 2)
        {
            Assert.Contains("2 cores", runner.UnsupportedReason, StringComparison.Ordinal);
            return;
        }

        Assert.Contains("cannot place threads", runner.UnsupportedReason, StringComparison.Ordinal);
        Assert.Equal(IterationResult.StatusUnsupported, runner.RunIteration(0).Status);
    }

    [Fact]
    public void Unplaced_cells_still_run_on_tpl_async_and_record_what_the_pool_did()
    {
        using var runner = new CellRunner(PingPong("tpl-async", "auto", TestCells.Cores));

        IterationResult result = TestCells.RunOnce(runner, "pingpong auto on tpl-async");

        Assert.Null(runner.UnsupportedReason);
        Assert.Equal(IterationResult.StatusOk, result.Status);
        Assert.InRange(result[Metric.CrossCpuShare] ?? -1, 0.0, 1.0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Lwkt_workers_of_a_measured_cell_are_pinned_and_the_row_says_so(bool pinWorkers)
    {
        using var runner = new CellRunner(PingPong("lwkt", "same", 1, pinWorkers));

        IterationResult result = TestCells.RunOnce(runner, "pingpong same on lwkt");

        Assert.Contains($"vcpus_pinned={(pinWorkers ? 1 : 0)}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Counter_reports_no_lock_cpu_change_on_one_pinned_lwkt_cpu()
    {
        // An LWKT worker is pinned to its CPU, so every holder runs on the same one. (An OS thread is not pinned
        // in-process; two CPUs are left to the count below: whether holders ever changed CPU in a short iteration
        // depends on what else the machine runs.)
        Assert.Equal(0.0, LockCpuChanges(cores: 1));
    }

    [Fact]
    public void A_guarded_cell_counts_each_change_of_the_holders_cpu()
    {
        var cell = default(GuardedCell);
        foreach (int cpu in (int[])[0, 0, 1, 1, 1, 0, 3, 3])
        {
            GuardedCell.NoteCpu(ref cell, cpu);
        }

        Assert.Equal(3, cell.CpuChanges);
    }

    /// <summary>The <c>lock_cpu_changes</c> share one counter iteration on lwkt reports in its detail.</summary>
    private static double LockCpuChanges(int cores)
    {
        using var runner = new CellRunner(new CellSpec("counter", "lwkt", cores, 16, new Dictionary<string, string>(), TestCells.Duration, 42, true));
        IterationResult result = TestCells.RunOnce(runner, $"counter on lwkt, {cores} cores");
        Assert.Equal(IterationResult.StatusOk, result.Status);
        string field = Assert.Single((result.Detail ?? "").Split(';'), f => f.StartsWith("lock_cpu_changes=", StringComparison.Ordinal));
        return double.Parse(field["lock_cpu_changes=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
