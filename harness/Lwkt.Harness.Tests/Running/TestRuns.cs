using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Tests.Running;

/// <summary>Real runs with tiny sizes: the built host, real children, real files in a temporary folder.</summary>
internal static class TestRuns
{
    /// <summary>
    /// A run of <paramref name="workloads"/> on <paramref name="runtimes"/> that takes well under a second per cell: cold
    /// (no warm-up, no steady-state check), so each cell has exactly its measured rows.
    /// </summary>
    public static RunOptions Tiny(string outFolder, string workloads = "counter", string runtimes = "os-monitor", string cores = "1") => new()
    {
        Workloads = workloads.Split(','),
        Runtimes = runtimes.Split(','),
        Cores = CoreSelection.Parse(cores),
        Threads = ValueParsers.ParseThreads("2"),
        Duration = TimeSpan.FromMilliseconds(30),
        Warmup = 0,
        WarmupMax = 0,
        Iterations = 2,
        Out = outFolder,
    };

    public static RunPlan Plan(RunOptions options) =>
        new RunPlanner(HostClient.Locate(), CpuTopology.Current()).Build(options);

    public static Task<RunResult> RunAsync(RunOptions options, IRunProgress? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(Plan(options), options, progress, cancellationToken);

    public static Task<RunResult> RunAsync(RunPlan plan, RunOptions options, IRunProgress? progress = null, CancellationToken cancellationToken = default) =>
        new BenchmarkRunner(plan, options, HostLocator.FindHostDll(), hook: null, ["test"])
            .RunAsync(progress ?? new PlainProgress(TextWriter.Null), cancellationToken);

    public static IReadOnlyDictionary<string, string> Fault(string spec) =>
        new Dictionary<string, string> { [Workloads.Host.Protocol.HostProtocol.TestFaultVariable] = spec };
}
