namespace Lwkt.Micro.Locks;

/// <summary>
/// A lock that blocks the calling thread (the baselines' <see cref="IExclusiveLock"/> shape: Monitor, Lock, futex, spin)
/// as <see cref="IExclusiveLockOperations"/>: <see cref="AcquireAsync"/> enters and returns a completed task.
/// </summary>
/// <typeparam name="TGate">
/// The lock's own small struct, calling the lock's type directly. A struct, not the lock classes themselves: over a class
/// the JIT would compile one shared body for every lock, with an interface call per operation and nothing inlined.
/// </typeparam>
public readonly struct SyncLock<TGate>(TGate gate) : IExclusiveLockOperations, ILockUnderTest<SyncLock<TGate>>
    where TGate : struct, IExclusiveLock, ILockUnderTest<TGate>
{
    /// <inheritdoc/>
    public static SyncLock<TGate> Create() => new(TGate.Create());

    /// <inheritdoc/>
    public ValueTask AcquireAsync()
    {
        gate.Enter();
        return default;
    }

    /// <inheritdoc/>
    public bool TryAcquire() => gate.TryEnter();

    /// <inheritdoc/>
    public void Release() => gate.Exit();
}
