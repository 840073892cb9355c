namespace Lwkt.Micro.Locks;

/// <summary>
/// What every lock benchmark shares: the lock under test, made in the global setup and disposed in the global cleanup,
/// and the loop of exclusive acquire/release pairs. <see cref="ExclusiveLockBenchmarks{TLock}"/> and
/// <see cref="RwLocks.RwLockBenchmarks{TLock}"/> name it as their rows and add their other loops.
/// </summary>
/// <typeparam name="TLock">The lock's operations, a struct so each lock gets its own compiled, inlined loop.</typeparam>
public abstract class LockBenchmarks<TLock> : MicroBenchmark
    where TLock : struct, ILockOperations, ILockUnderTest<TLock>
{
    /// <summary>Acquire/release pairs per invocation: enough that an LWKT spawn+join per invocation is below 1 %.</summary>
    public const int PairsPerInvoke = 1_000_000;

    private Func<ValueTask>? _acquireRelease;

    /// <summary>The lock under test (a copy of the struct: its fields only refer to the lock).</summary>
    protected TLock Lock { get; private set; }

    /// <inheritdoc/>
    protected override int LwktCpus => TLock.LwktCpus;

    /// <inheritdoc/>
    protected override void Setup()
    {
        Lock = TLock.Create();
        _acquireRelease = AcquireReleaseLoop;
    }

    /// <inheritdoc/>
    protected override void Cleanup()
    {
        if (Lock is IDisposable owned)
        {
            owned.Dispose();
        }
    }

    /// <summary>Runs <see cref="PairsPerInvoke"/> exclusive acquire/release pairs (<see cref="MicroBenchmark.RunLoop"/>).</summary>
    protected void RunAcquireRelease() => RunLoop(_acquireRelease!);

    private async ValueTask AcquireReleaseLoop()
    {
        TLock held = Lock;
        for (int i = 0; i < PairsPerInvoke; i++)
        {
            await held.AcquireAsync();
            held.Release();
        }
    }
}
