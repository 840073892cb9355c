using Lwkt.Micro.Locks;

namespace Lwkt.Micro.RwLocks;

/// <summary>
/// A reader/writer lock that blocks the calling thread (the baselines' <see cref="IReaderWriterLock"/> shape) as
/// <see cref="IRwLockOperations"/>: each acquire enters and returns a completed task.
/// </summary>
/// <typeparam name="TGate">The lock's own small struct, as in <see cref="SyncLock{TGate}"/>.</typeparam>
public readonly struct SyncRwLock<TGate>(TGate gate) : IRwLockOperations, ILockUnderTest<SyncRwLock<TGate>>, IDisposable
    where TGate : struct, IReaderWriterLock, ILockUnderTest<TGate>
{
    /// <inheritdoc/>
    public static SyncRwLock<TGate> Create() => new(TGate.Create());

    /// <inheritdoc/>
    public ValueTask AcquireSharedAsync()
    {
        gate.EnterRead();
        return default;
    }

    /// <inheritdoc/>
    public void ReleaseShared() => gate.ExitRead();

    /// <inheritdoc/>
    public ValueTask AcquireAsync()
    {
        gate.EnterWrite();
        return default;
    }

    /// <inheritdoc/>
    public void Release() => gate.ExitWrite();

    /// <summary>Disposes the lock if it owns resources.</summary>
    public void Dispose()
    {
        if (gate is IDisposable owned)
        {
            owned.Dispose();
        }
    }
}
