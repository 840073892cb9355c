namespace Lwkt.Micro.Locks;

/// <summary>
/// The operations of one exclusive lock. Implemented by a small struct per lock, so the generic benchmark body is
/// compiled once per lock with every call inlined: each row measures the lock, not an interface dispatch.
/// </summary>
public interface ILockOperations
{
    /// <summary>Acquires the lock; uncontended, the returned task is already complete.</summary>
    ValueTask AcquireAsync();

    /// <summary>Acquires the lock if it is free now.</summary>
    bool TryAcquire();

    /// <summary>Releases the lock.</summary>
    void Release();
}
