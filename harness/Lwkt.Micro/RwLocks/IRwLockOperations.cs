using Lwkt.Micro.Locks;

namespace Lwkt.Micro.RwLocks;

/// <summary>
/// The operations of one reader/writer lock: exclusive (write) access is <see cref="ILockOperations"/>, shared (read)
/// access these. Implemented by a small struct per lock (<see cref="SyncRwLock{TGate}"/> for one that blocks the calling
/// thread).
/// </summary>
public interface IRwLockOperations : ILockOperations
{
    /// <summary>Acquires shared (read) access; uncontended, the returned task is already complete.</summary>
    ValueTask AcquireSharedAsync();

    /// <summary>Releases shared access.</summary>
    void ReleaseShared();
}
