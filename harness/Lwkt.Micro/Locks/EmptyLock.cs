namespace Lwkt.Micro.Locks;

/// <summary>
/// No lock at all: the cost of the benchmark loop itself (the call, the await of a completed task, the loop), to
/// subtract from the other rows of <see cref="ExclusiveLockBenchmarks{TLock}"/> when comparing with a bare-loop probe.
/// </summary>
public class EmptyLock : ExclusiveLockBenchmarks<EmptyLock.Operations>
{
    /// <summary>Operations that do nothing.</summary>
    public readonly struct Operations : IExclusiveLockOperations, ILockUnderTest<Operations>
    {
        /// <inheritdoc/>
        public static Operations Create() => default;

        /// <inheritdoc/>
        public ValueTask AcquireAsync() => default;

        /// <inheritdoc/>
        public bool TryAcquire() => true;

        /// <inheritdoc/>
        public void Release()
        {
        }
    }
}
