using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests;

/// <summary>
/// A zero-duration iteration (the JIT stage's call-count iterations) stops as the start gate opens: every thread
/// completes exactly its first operation, on every runtime, and the iteration is a normal one in every other respect.
/// </summary>
public sealed class ZeroDurationTests
{
    public static TheoryData<string> Runtimes() => [.. TestCells.Runtimes];

    [Theory]
    [MemberData(nameof(Runtimes))]
    public void Every_thread_completes_one_operation_and_leaves(string runtime)
    {
        const int threads = 4;
        using var runner = new CellRunner(TestCells.Cell("yield", runtime, threads));

        IterationResult result = TestCells.RunOnce(runner, $"a zero-duration yield on {runtime}", TimeSpan.Zero);

        Assert.Equal(IterationResult.StatusOk, result.Status);
        Assert.Equal(threads, result[Metric.Ops]);
        Assert.Equal(0, result[Metric.Violations]);
    }

    [Fact]
    public void A_pair_workload_ends_its_exchange_cleanly()
    {
        using var runner = new CellRunner(TestCells.Cell("pingpong", TestCells.Runtimes[0], 4));

        IterationResult result = TestCells.RunOnce(runner, "a zero-duration pingpong", TimeSpan.Zero);

        Assert.Equal(IterationResult.StatusOk, result.Status);
        Assert.Equal(2, result[Metric.Ops]);
        Assert.Equal(0, result[Metric.Violations]);
    }
}
