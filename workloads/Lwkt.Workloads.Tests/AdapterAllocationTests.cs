using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests;

/// <summary>
/// The lwkt adapter's port calls and receives allocate nothing per message, so a comparison with the other runtimes
/// measures the runtimes, not the adapters. Before the forwarded waits, a round trip allocated about 200 bytes (an
/// async box resuming through the LWKT thread's synchronization context).
/// </summary>
public sealed class AdapterAllocationTests
{
    /// <summary>
    /// Bytes per op allowed: the iteration's fixed allocations (threads, histograms, ports: a few hundred KB) spread
    /// over its ops, which are ≥ 10^4 even on a loaded machine in 1.5 s. One async box per message is ≥ 100 bytes.
    /// </summary>
    private const double MaxBytesPerOp = 64;

    [Theory]
    [InlineData("pingpong")]
    [InlineData("pipeline")]
    public void A_message_through_an_lwkt_port_allocates_nothing_once_warm(string workload)
    {
        var spec = new CellSpec(workload, "lwkt", 1, 3, new Dictionary<string, string>(), TimeSpan.FromMilliseconds(1500), 42);
        using var runner = new CellRunner(spec);

        Run(runner, TimeSpan.FromMilliseconds(200));
        IterationResult result = Run(runner, spec.Duration);

        double ops = result[Metric.Ops] ?? 0;
        double perOp = (result[Metric.AllocBytes] ?? double.NaN) / ops;
        Assert.True(perOp < MaxBytesPerOp, $"{workload}: {perOp:0.#} bytes per op ({result[Metric.AllocBytes]} bytes, {ops} ops)");
    }

    private static IterationResult Run(CellRunner runner, TimeSpan duration)
    {
        Task<IterationResult> run = Task.Factory.StartNew(
            () => runner.RunIteration(0, duration), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(run.Wait(TestCells.Deadline), "the cell did not finish (a lost wakeup or a hang)");
        Assert.Equal(IterationResult.StatusOk, run.Result.Status);
        return run.Result;
    }
}
