using Lwkt.Baselines.Native;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// What the four OS-thread runtimes share: one real OS thread per workload thread (<see cref="OsThreads"/>),
/// placement by <c>sched_setaffinity</c>, <see cref="Thread.Yield"/> (sched_yield) for yield, and
/// <see cref="PreciseSleep"/> (clock_nanosleep) for both timed sleeps and blocking calls. Every operation
/// blocks the calling OS thread inside the call and returns a completed <see cref="ValueTask"/>.
/// Subclasses choose the synchronisation family.
/// </summary>
public abstract class OsThreadWorkloadRuntime : WorkloadRuntime
{
    /// <summary>The CPUs the process may use, read once on the constructing thread; empty where affinity is unsupported.</summary>
    private readonly int[] _allowedCpus;

    /// <summary>Creates the runtime for <paramref name="cores"/> CPUs (at least 1).</summary>
    protected OsThreadWorkloadRuntime(int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        Cores = cores;
        _allowedCpus = ThreadAffinity.IsSupported ? ThreadAffinity.AllowedCpus() : [];
    }

    /// <inheritdoc/>
    public sealed override int Cores { get; }

    /// <summary>One line about the synchronisation family, for <see cref="Describe"/>.</summary>
    protected abstract string Family { get; }

    /// <inheritdoc/>
    public sealed override void Run(int threads, Func<int, ValueTask> body, Func<int, int>? cpuOf = null)
        => OsThreads.Run(threads, body, cpuOf, _allowedCpus);

    /// <inheritdoc/>
    public sealed override RtThread Spawn(Func<object?, ValueTask> body, object? state) => new(new OsRtThread(body, state), s_join);

    private static readonly Func<object, ValueTask> s_join = static thread => ((OsRtThread)thread).JoinAsync();

    /// <inheritdoc/>
    public sealed override RtYield YieldAsync()
    {
        Thread.Yield();
        return default;
    }

    /// <inheritdoc/>
    public sealed override ValueTask SleepAsync(long nanoseconds)
    {
        PreciseSleep.Sleep(nanoseconds);
        return default;
    }

    /// <inheritdoc/>
    public sealed override ValueTask BlockingCallAsync(long nanoseconds)
    {
        PreciseSleep.Sleep(nanoseconds);
        return default;
    }

    /// <inheritdoc/>
    public override string Describe()
    {
        string placement = _allowedCpus.Length > 0
            ? $"placement pins thread i with sched_setaffinity to the cpuOf(i)-th CPU (mod {_allowedCpus.Length}) of the allowed set [{string.Join(",", _allowedCpus)}]"
            : "placement ignored (no CPU affinity on this OS)";
        string sleep = PreciseSleep.IsPrecise ? "clock_nanosleep(CLOCK_MONOTONIC)" : "Thread.Sleep + yield (not sub-ms precise on this OS)";
        return $"{Name}: one OS thread per workload thread ({OsThreads.StackSize / 1024} KiB stack); {Family}; "
            + $"{placement}; yield = sched_yield; sleep and blocking call = {sleep}";
    }
}
