using Lwkt.Runtime;

namespace Lwkt.Micro;

/// <summary>
/// The base of every benchmark class: owns the LWKT runtime a benchmark needs (created in the global setup, disposed
/// in the global cleanup, so its start and stop are never measured) and runs a benchmark's loop where it belongs.
/// </summary>
/// <remarks>
/// Each benchmark invocation performs a whole loop of N operations and declares <c>OperationsPerInvoke = N</c>. On an
/// LWKT runtime the loop runs as one LWKT thread spawned on CPU 0 and blocking-joined from the benchmark's OS thread;
/// that spawn and join (a few microseconds) is amortised over the N operations. Elsewhere the loop runs inline.
/// Subclasses use <see cref="Setup"/> and <see cref="Cleanup"/>: BenchmarkDotNet takes one global setup per class.
/// </remarks>
public abstract class MicroBenchmark
{
    private LwktRuntime? _lwkt;

    /// <summary>Virtual CPUs of the LWKT runtime the benchmark needs; 0 (the default) means none.</summary>
    protected virtual int LwktCpus => 0;

    /// <summary>The LWKT runtime (only where <see cref="LwktCpus"/> is positive).</summary>
    protected LwktRuntime Lwkt => _lwkt ?? throw new InvalidOperationException($"{GetType().Name} has no LWKT runtime.");

    /// <summary>Starts the LWKT runtime, if any, then the subclass's <see cref="Setup"/>.</summary>
    [GlobalSetup]
    public void GlobalSetup()
    {
        int cpus = LwktCpus;
        if (cpus > 0)
        {
            // Two or more virtual CPUs are pinned one per host CPU, so "cross CPU" means two cores, not two workers
            // the OS may stack on one core.
            _lwkt = new LwktRuntime(new LwktRuntimeOptions { Cpus = cpus, Pin = cpus > 1 });
        }

        Setup();
    }

    /// <summary>The subclass's <see cref="Cleanup"/>, then stops the LWKT runtime.</summary>
    [GlobalCleanup]
    public void GlobalCleanup()
    {
        Cleanup();
        if (_lwkt is { } runtime && !runtime.Dispose(TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"{GetType().Name}: LWKT threads were still alive 10 s after the last benchmark.");
        }

        _lwkt = null;
    }

    /// <summary>Prepares the objects under test (runs once per benchmark process, after the runtime started).</summary>
    protected virtual void Setup()
    {
    }

    /// <summary>Releases what <see cref="Setup"/> made (before the runtime stops).</summary>
    protected virtual void Cleanup()
    {
    }

    /// <summary>
    /// Runs <paramref name="loop"/> to completion: as an LWKT thread on CPU 0, joined from this OS thread, when the
    /// benchmark has an LWKT runtime; otherwise on this thread (a loop that does not finish synchronously is waited for).
    /// </summary>
    protected void RunLoop(Func<ValueTask> loop)
    {
        if (_lwkt is { } runtime)
        {
            runtime.Spawn(loop, cpu: 0).Join();
            return;
        }

        ValueTask pending = loop();
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }
}
