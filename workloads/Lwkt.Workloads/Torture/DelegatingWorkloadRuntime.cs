using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// A runtime that forwards everything to <see cref="Inner"/>, for torture variants that change one primitive (the
/// busted lock; the tests' planted bugs) while threads, events, ports and sleeps stay the real runtime's. The torture
/// looks through it (<see cref="TortureTraits"/>) to find the runtime underneath.
/// </summary>
public abstract class DelegatingWorkloadRuntime : WorkloadRuntime
{
    /// <summary>Wraps <paramref name="inner"/>, which this runtime disposes.</summary>
    protected DelegatingWorkloadRuntime(WorkloadRuntime inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The runtime underneath.</summary>
    public WorkloadRuntime Inner { get; }

    /// <inheritdoc/>
    public override string Name => Inner.Name;

    /// <inheritdoc/>
    public override int Cores => Inner.Cores;

    /// <inheritdoc/>
    public override void Run(int threads, Func<int, ValueTask> body, Func<int, int>? cpuOf = null) => Inner.Run(threads, body, cpuOf);

    /// <inheritdoc/>
    public override RtThread Spawn(Func<object?, ValueTask> body, object? state) => Inner.Spawn(body, state);

    /// <inheritdoc/>
    public override RtLock CreateLock(string name) => Inner.CreateLock(name);

    /// <inheritdoc/>
    public override RtRwLock CreateRwLock(string name) => Inner.CreateRwLock(name);

    /// <inheritdoc/>
    public override RtEvent CreateEvent() => Inner.CreateEvent();

    /// <inheritdoc/>
    public override RtPort CreatePort() => Inner.CreatePort();

    /// <inheritdoc/>
    public override ValueTask AcquireAllAsync(RtLock[] locks, int count) => Inner.AcquireAllAsync(locks, count);

    /// <inheritdoc/>
    public override void ReleaseAll(RtLock[] locks, int count) => Inner.ReleaseAll(locks, count);

    /// <inheritdoc/>
    public override RtYield YieldAsync() => Inner.YieldAsync();

    /// <inheritdoc/>
    public override ValueTask MaybeYieldAsync() => Inner.MaybeYieldAsync();

    /// <inheritdoc/>
    public override ValueTask SleepAsync(long nanoseconds) => Inner.SleepAsync(nanoseconds);

    /// <inheritdoc/>
    public override ValueTask BlockingCallAsync(long nanoseconds) => Inner.BlockingCallAsync(nanoseconds);

    /// <inheritdoc/>
    public override void ReadCounters(RuntimeCounters counters) => Inner.ReadCounters(counters);

    /// <inheritdoc/>
    public override string Describe() => Inner.Describe();

    /// <inheritdoc/>
    public override void AddDetail(List<string> detail) => Inner.AddDetail(detail);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
