namespace Lwkt.Micro.Locks;

/// <summary>The operations of one exclusive lock: <see cref="ILockOperations"/> and TryAcquire.</summary>
public interface IExclusiveLockOperations : ILockOperations
{
    /// <summary>Acquires the lock if it is free now.</summary>
    bool TryAcquire();
}
