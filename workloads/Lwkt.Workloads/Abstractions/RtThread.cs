namespace Lwkt.Workloads.Abstractions;

/// <summary>A thread spawned with <see cref="WorkloadRuntime.Spawn"/>; join it exactly once.</summary>
public abstract class RtThread
{
    /// <summary>Waits for the thread to finish; rethrows the exception that ended it, if any.</summary>
    public abstract ValueTask JoinAsync();
}
