namespace Lwkt.Baselines;

/// <summary>
/// An exclusive lock of a baseline family (futex mutex, test-and-test-and-set, ticket). Not recursive; no
/// owner tracking: the thread that entered must exit.
/// </summary>
public interface IExclusiveLock
{
    /// <summary>Acquires the lock, spinning and/or blocking the calling OS thread until it is held.</summary>
    void Enter();

    /// <summary>Acquires the lock only if it is free now; never waits.</summary>
    bool TryEnter();

    /// <summary>Releases the lock the calling thread holds.</summary>
    void Exit();
}
