namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// A thread spawned with <see cref="WorkloadRuntime.Spawn(Func{object?, ValueTask}, object?)"/>; join it exactly once.
/// A value: the runtime's own thread object and the runtime's join of it (one shared delegate per runtime), so a spawn
/// allocates no handle object of the adapter's on any runtime (the spawn cell keeps a million).
/// </summary>
public readonly struct RtThread
{
    private readonly object _thread;
    private readonly Func<object, ValueTask> _join;

    /// <summary>Pairs <paramref name="thread"/> with the runtime's join, which <see cref="JoinAsync"/> calls with it.</summary>
    public RtThread(object thread, Func<object, ValueTask> join)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(join);
        _thread = thread;
        _join = join;
    }

    /// <summary>Waits for the thread to finish; rethrows the exception that ended it, if any.</summary>
    public ValueTask JoinAsync() => _join(_thread);
}
