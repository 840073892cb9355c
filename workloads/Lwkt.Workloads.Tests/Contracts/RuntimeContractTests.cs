using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Tests.Contracts;

/// <summary>
/// The contract every runtime must keep, written once against <see cref="WorkloadRuntime"/> and run against
/// each runtime by a one-line subclass. Split by primitive into partial files: locks, reader/writer locks,
/// lock sets, events, ports, sleeps, threads. Critical sections never block or yield (tokens are released
/// when their holder blocks, by design), and every run has a watchdog so a lost wakeup fails instead of hanging.
/// The suites share one collection so the spinning runtimes are not run beside each other on few cores.
/// </summary>
[Collection(RuntimeContractCollection.Name)]
public abstract partial class RuntimeContractTests : IDisposable
{
    /// <summary>How long one run may take before the test fails; passing runs need a fraction of a second.</summary>
    protected static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(20);

    /// <summary>Virtual or real CPUs each runtime is created with (the development machines have 2).</summary>
    protected const int Cores = 2;

    private WorkloadRuntime? _runtime;

    /// <summary>The runtime under test, created on first use and disposed after the test.</summary>
    protected WorkloadRuntime Runtime => _runtime ??= Create(Cores);

    /// <summary>Creates the runtime under test.</summary>
    protected abstract WorkloadRuntime Create(int cores);

    /// <inheritdoc/>
    public void Dispose()
    {
        _runtime?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// <see cref="WorkloadRuntime.Run"/> on a dedicated thread, failing the test if it has not returned within
    /// <see cref="Watchdog"/>; rethrows what Run threw.
    /// </summary>
    protected void RunThreads(int threads, Func<int, ValueTask> body, Func<int, int>? cpuOf = null)
    {
        WorkloadRuntime runtime = Runtime;
        Task run = Task.Factory.StartNew(() => runtime.Run(threads, body, cpuOf), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(Task.WhenAny(run, Task.Delay(Watchdog)).GetAwaiter().GetResult() == run,
            $"{runtime.Name}: Run did not return within {Watchdog} (lost wakeup, deadlock or livelock)");
        run.GetAwaiter().GetResult();
    }

    /// <summary>Yields until <paramref name="condition"/> holds (a wait that never holds a lock).</summary>
    protected async ValueTask YieldUntil(Func<bool> condition)
    {
        while (!condition())
        {
            await Runtime.YieldAsync();
        }
    }

    [Fact]
    public void Describe_names_the_runtime()
    {
        string description = Runtime.Describe();
        Assert.StartsWith(Runtime.Name, description, StringComparison.Ordinal);
        Assert.Equal(Cores, Runtime.Cores);
    }
}
