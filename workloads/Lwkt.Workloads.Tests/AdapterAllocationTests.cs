using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests;

/// <summary>
/// The lwkt adapter's port calls and receives, and the awaited yields, allocate nothing per op, so a comparison with the other runtimes
/// measures the runtimes, not the adapters. Before the forwarded waits, a round trip allocated about 200 bytes (an
/// async box resuming through the LWKT thread's synchronization context).
/// </summary>
[Collection(AllocationCountingCollection.Name)]
public sealed class AdapterAllocationTests
{
    /// <summary>
    /// Bytes per message allowed: the iteration's fixed allocations (threads, histograms, ports: a few hundred KB) spread
    /// over its ops, which are ≥ 10^4 even on a loaded machine in 1.5 s. One async box per message is ≥ 100 bytes.
    /// </summary>
    private const double MaxBytesPerMessage = 64;

    /// <summary>
    /// Bytes per yield allowed: a yield cell's fixed allocations are some 40 KB, over ≥ 10^5 yields even on a loaded
    /// machine (0–0.8 bytes per yield measured); a new 64-byte source per tpl-async yield measured 56 bytes per op.
    /// </summary>
    private const double MaxBytesPerYield = 16;

    [Theory]
    [InlineData("pingpong")]
    [InlineData("pipeline")]
    public void A_message_through_an_lwkt_port_allocates_nothing_once_warm(string workload)
    {
        AssertNothingAllocatedOnceWarm(
            new CellSpec(workload, "lwkt", 1, 3, new Dictionary<string, string>(), TimeSpan.FromMilliseconds(1500), 42), MaxBytesPerMessage);
    }

    /// <summary>
    /// A yield allocates nothing on the runtimes whose yield is awaited (tpl-async's pooled source, lwkt's yielder).
    /// Fails with a new <see cref="System.Threading.Tasks.Sources.IValueTaskSource"/> per tpl-async yield.
    /// </summary>
    [Theory]
    [InlineData("tpl-async")]
    [InlineData("lwkt")]
    public void A_yield_allocates_nothing_once_warm(string runtime)
    {
        AssertNothingAllocatedOnceWarm(
            new CellSpec("yield", runtime, 1, 2, new Dictionary<string, string>(), TimeSpan.FromMilliseconds(1500), 42), MaxBytesPerYield);
    }

    /// <summary>Runs the cell once to warm it, then once measured: under <paramref name="maxBytesPerOp"/> bytes per op.</summary>
    private static void AssertNothingAllocatedOnceWarm(CellSpec spec, double maxBytesPerOp)
    {
        using var runner = new CellRunner(spec);

        Run(runner, TimeSpan.FromMilliseconds(200));
        IterationResult result = Run(runner, spec.Duration);

        double ops = result[Metric.Ops] ?? 0;
        double perOp = (result[Metric.AllocBytes] ?? double.NaN) / ops;
        Assert.True(perOp < maxBytesPerOp, $"{spec.Workload} on {spec.Runtime}: {perOp:0.#} bytes per op ({result[Metric.AllocBytes]} bytes, {ops} ops)");
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
