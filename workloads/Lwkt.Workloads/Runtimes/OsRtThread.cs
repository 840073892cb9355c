namespace Lwkt.Workloads.Runtimes;

/// <summary>A thread spawned on an OS-thread runtime: a real OS thread; joining blocks the calling OS thread.</summary>
internal sealed class OsRtThread
{
    private readonly FirstFailure _failure = new();
    private readonly Thread _thread;

    /// <summary>Starts <paramref name="body"/>(<paramref name="state"/>) on a new OS thread (it inherits the spawner's CPU affinity).</summary>
    public OsRtThread(Func<object?, ValueTask> body, object? state)
        => _thread = OsThreads.Start(() => OsThreads.WaitFor(body(state)), _failure, "os-spawned");

    /// <summary>Blocks the calling OS thread until the thread ends; rethrows the exception that ended it, if any.</summary>
    public ValueTask JoinAsync()
    {
        _thread.Join();
        _failure.ThrowIfAny();
        return default;
    }
}
