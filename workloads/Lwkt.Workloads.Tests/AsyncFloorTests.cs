using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Measurement;
using Lwkt.Workloads.Runtimes;

namespace Lwkt.Workloads.Tests;

/// <summary>
/// <c>async-floor</c>, the yield workload's floor: it runs that workload's body valid and round robin, refuses every
/// other workload, keeps its ring in order when it grows, and ends a run whose thread awaited something it cannot resume.
/// </summary>
public sealed class AsyncFloorTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void The_yield_workload_runs_valid_and_round_robin(int threads)
    {
        using var runner = new CellRunner(TestCells.Cell("yield", AsyncFloorWorkloadRuntime.RuntimeName, threads));
        Assert.Null(runner.UnsupportedReason);

        IterationResult result = TestCells.RunOnce(runner, "yield on async-floor");

        Assert.True(result.Status == IterationResult.StatusOk, $"{result.Status}: {result.Error}");
        Assert.True(result[Metric.Ops] > 0);
        Assert.Equal(0, result[Metric.Violations]);

        // A FIFO ring runs the threads in turn: their counts differ by one yield at most (the last round stops mid-way).
        Assert.InRange(result[Metric.FairnessMaxMin] ?? -1, 1.0, 1.0 + (2.0 / result[Metric.Ops]!.Value * threads));
    }

    [Theory]
    [InlineData("pingpong")]
    [InlineData("uncontended")]
    [InlineData("spawn")]
    public void Every_other_workload_is_unsupported(string workload)
    {
        using var runner = new CellRunner(TestCells.Cell(workload, AsyncFloorWorkloadRuntime.RuntimeName, 2));

        Assert.Equal(AsyncFloorWorkloadRuntime.UnsupportedReason, runner.UnsupportedReason);
    }

    [Fact]
    public void The_floor_is_not_a_compared_runtime()
    {
        Assert.DoesNotContain(AsyncFloorWorkloadRuntime.RuntimeName, RuntimeCatalog.Names);
        Assert.Equal([AsyncFloorWorkloadRuntime.RuntimeName], RuntimeCatalog.Floors);
        Assert.Null(WorkloadCatalog.All.Single(w => w.Name == "yield").UnsupportedReason(AsyncFloorWorkloadRuntime.RuntimeName));
    }

    [Fact]
    public void The_ring_keeps_its_order_when_it_grows()
    {
        var scheduler = new FloorScheduler();
        var ran = new List<int>();
        for (int i = 0; i < 40; i++)
        {
            int id = i;
            scheduler.YieldThen(() => ran.Add(id));
        }

        // Drained, the ring (64 slots) starts at slot 40: the next 64 pushes wrap, and the 65th grows it while wrapped.
        var failure = new FirstFailure();
        scheduler.RunAll(0, static _ => default, failure);
        for (int i = 40; i < 140; i++)
        {
            int id = i;
            scheduler.YieldThen(() => ran.Add(id));
        }

        scheduler.RunAll(0, static _ => default, failure);

        failure.ThrowIfAny();
        Assert.Equal(Enumerable.Range(0, 140), ran);
        Assert.Equal(0, scheduler.Queued);
    }

    [Fact]
    public void A_thread_that_awaits_something_else_ends_the_run_with_an_error()
    {
        using var runtime = new AsyncFloorWorkloadRuntime();
        var never = new TaskCompletionSource();

        var e = Assert.Throws<InvalidOperationException>(() => runtime.Run(2, async i =>
        {
            await runtime.YieldAsync();
            if (i == 1)
            {
                await never.Task;
            }
        }));

        Assert.Contains("something other than the floor's yield", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thread_s_exception_is_rethrown_after_the_others_end()
    {
        using var runtime = new AsyncFloorWorkloadRuntime();
        int finished = 0;

        var e = Assert.Throws<ArithmeticException>(() => runtime.Run(3, async i =>
        {
            for (int k = 0; k < 10; k++)
            {
                await runtime.YieldAsync();
            }

            if (i == 0)
            {
                throw new ArithmeticException("thread 0");
            }

            finished++;
        }));

        Assert.Equal("thread 0", e.Message);
        Assert.Equal(2, finished);
    }
}
