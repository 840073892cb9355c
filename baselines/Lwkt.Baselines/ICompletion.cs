namespace Lwkt.Baselines;

/// <summary>
/// A reusable one-shot completion: the per-message reply flag of a call/reply on OS threads. Each round is
/// <see cref="Reset"/> (by the waiter, before it publishes the request), exactly one <see cref="Set"/> (by the
/// replier) and one <see cref="Wait"/> (by the waiter). A round allocates nothing.
/// </summary>
public interface ICompletion
{
    /// <summary>Makes the completion pending again. Only the waiter calls it, and only between rounds.</summary>
    void Reset();

    /// <summary>Completes the round and wakes the waiter if it sleeps. Called once per round.</summary>
    void Set();

    /// <summary>Blocks the calling OS thread until <see cref="Set"/> has been called for this round.</summary>
    void Wait();
}
