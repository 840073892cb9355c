using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Tests;

/// <summary>Tiny cells for tests, and the runtimes this build can create.</summary>
internal static class TestCells
{
    /// <summary>How long one test iteration measures.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMilliseconds(50);

    /// <summary>A test fails instead of hanging when a runtime loses a wakeup.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly Lazy<string[]> s_runtimes = new(FindRuntimes);

    /// <summary>Cores for tests: two where the machine has them.</summary>
    public static int Cores => Math.Min(2, Environment.ProcessorCount);

    /// <summary>Every runtime of <see cref="RuntimeCatalog"/> this build can create here.</summary>
    public static IReadOnlyList<string> Runtimes => s_runtimes.Value;

    /// <summary>A cell with the given parameters.</summary>
    public static CellSpec Cell(string workload, string runtime, int threads, params (string Key, string Value)[] parameters) =>
        new(workload, runtime, Cores, threads, parameters.ToDictionary(p => p.Key, p => p.Value), Duration, 42);

    /// <summary>
    /// Runs one iteration (of the cell's duration, or <paramref name="duration"/>) on its own thread, failing the test if
    /// it does not end by <see cref="Deadline"/>.
    /// </summary>
    public static IterationResult RunOnce(CellRunner runner, string what, TimeSpan? duration = null)
    {
        Task<IterationResult> run = Task.Factory.StartNew(
            () => duration is { } given ? runner.RunIteration(0, given) : runner.RunIteration(0),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!run.Wait(Deadline))
        {
            Assert.Fail($"{what} did not finish within {Deadline.TotalSeconds} s (a lost wakeup or a hang)");
        }

        return run.Result;
    }

    private static string[] FindRuntimes()
    {
        var found = new List<string>();
        foreach (string name in RuntimeCatalog.Names)
        {
            try
            {
                using WorkloadRuntime runtime = RuntimeCatalog.Create(name, Cores);
                found.Add(name);
            }
            catch (NotSupportedException)
            {
                // Not in this build yet, or not on this platform: the catalogue says which.
            }
        }

        return [.. found];
    }
}
