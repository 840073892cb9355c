using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Measurement;
using Lwkt.Workloads.Torture;

namespace Lwkt.Workloads.Tests;

/// <summary>
/// Runtime counters reach the metrics over them (<see cref="Metric.Counter"/>) without per-counter code: the
/// difference across the iteration where the runtime reports the counter, empty where it does not.
/// </summary>
public sealed class RuntimeCounterTests
{
    /// <summary>The first schema's counter columns each runtime fills; the others are empty for it.</summary>
    public static TheoryData<string, string[]> EstablishedColumns() => new()
    {
        { "lwkt", ["switches", "token_collisions", "ipis", "migrations"] },
        { "os-futex", ["futex_waits", "futex_wakes"] },
        { "os-monitor", [] },
        { "os-lock", [] },
        { "os-spin", [] },
        { "tpl-async", [] },
    };

    [Theory]
    [MemberData(nameof(EstablishedColumns))]
    public void The_established_counter_columns_are_filled_for_the_runtimes_that_keep_them(string runtime, string[] filled)
    {
        Assert.Contains(runtime, TestCells.Runtimes);
        IterationResult result = RunYield(runtime);

        Assert.All(
            Metric.Counters.Where(m => m.Required),
            m => Assert.True(filled.Contains(m.Name) == result[m].HasValue, $"{runtime}: {m.Name} = {result[m]?.ToString() ?? "empty"}"));
        if (runtime == "lwkt")
        {
            Assert.True(result[Metric.Switches] > 0, "two LWKT threads yielding for 50 ms switched no thread");
        }
    }

    [Fact]
    public void Every_counter_metric_is_reported_by_some_runtime()
    {
        // A metric naming a counter no runtime reports (a typo in Metric.Counter) would be empty everywhere.
        var filled = new HashSet<Metric>();
        foreach (string runtime in TestCells.Runtimes)
        {
            IterationResult result = RunYield(runtime);
            filled.UnionWith(Metric.Counters.Where(m => result[m].HasValue));
        }

        Assert.Empty(Metric.Counters.Except(filled).Select(m => $"{m.Name} (counter {m.Counter})"));
    }

    [Fact]
    public void A_counter_metric_is_the_difference_across_the_iteration()
    {
        var runtime = new SteppingCounters(RuntimeCatalog.Create("os-monitor", 1));
        using var runner = new CellRunner(TestCells.Cell("yield", "os-monitor", 1), runtime);

        IterationResult result = TestCells.RunOnce(runner, "yield with stepping counters");

        Assert.Equal(IterationResult.StatusOk, result.Status);
        Assert.Equal(SteppingCounters.Step, result[Metric.Switches]);
        Assert.Null(result[Metric.TokenCollisions]);
        Assert.Null(result[Metric.FutexWaits]);
    }

    [Fact]
    public void Reading_counters_allocates_nothing()
    {
        // CellRunner reads them inside the window whose allocated bytes and CPU time the iteration reports.
        foreach (string name in TestCells.Runtimes)
        {
            using WorkloadRuntime runtime = RuntimeCatalog.Create(name, 1);
            var counters = new RuntimeCounters();
            counters.ReadFrom(runtime);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                counters.ReadFrom(runtime);
            }

            Assert.True(GC.GetAllocatedBytesForCurrentThread() == before, $"{name}: reading counters allocated");
        }
    }

    private static IterationResult RunYield(string runtime)
    {
        using var runner = new CellRunner(TestCells.Cell("yield", runtime, 2));
        IterationResult result = TestCells.RunOnce(runner, $"yield on {runtime}");
        Assert.Equal(IterationResult.StatusOk, result.Status);
        return result;
    }

    /// <summary>os-monitor reporting a <c>Switches</c> counter that grows by <see cref="Step"/> at every reading, and a counter no metric reads.</summary>
    private sealed class SteppingCounters(WorkloadRuntime inner) : DelegatingWorkloadRuntime(inner)
    {
        public const long Step = 1000;

        private long _switches = 5 * Step;

        public override void ReadCounters(RuntimeCounters counters)
        {
            _switches += Step;
            counters.Report("Switches", _switches);
            counters.Report("NoMetricReadsThis", 7);
        }
    }
}
