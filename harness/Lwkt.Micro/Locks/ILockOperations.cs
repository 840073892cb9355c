namespace Lwkt.Micro.Locks;

/// <summary>
/// Exclusive acquire and release, what every lock benchmark measures (<see cref="LockBenchmarks{TLock}"/>); a lock family
/// adds its other operations (<see cref="IExclusiveLockOperations"/>, <see cref="RwLocks.IRwLockOperations"/>). Implemented
/// by a small struct per lock (<see cref="SyncLock{TGate}"/> for one that blocks the calling thread), so the generic
/// benchmark body is compiled once per lock with every call inlined: each row measures the lock, not an interface dispatch.
/// </summary>
public interface ILockOperations
{
    /// <summary>Acquires the lock exclusively; uncontended, the returned task is already complete.</summary>
    ValueTask AcquireAsync();

    /// <summary>Releases exclusive access.</summary>
    void Release();
}
