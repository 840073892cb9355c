namespace Lwkt.Micro.RwLocks;

/// <summary>
/// The operations of one reader/writer lock, implemented by a small struct per lock so the generic benchmark body is
/// compiled per lock with every call inlined.
/// </summary>
public interface IRwLockOperations
{
    /// <summary>Acquires shared (read) access; uncontended, the returned task is already complete.</summary>
    ValueTask AcquireSharedAsync();

    /// <summary>Releases shared access.</summary>
    void ReleaseShared();

    /// <summary>Acquires exclusive (write) access; uncontended, the returned task is already complete.</summary>
    ValueTask AcquireExclusiveAsync();

    /// <summary>Releases exclusive access.</summary>
    void ReleaseExclusive();
}
