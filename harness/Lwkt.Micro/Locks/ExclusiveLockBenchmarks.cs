namespace Lwkt.Micro.Locks;

/// <summary>
/// Uncontended exclusive acquire/release, written once for every lock (the dotnet/performance Perf.Channel pattern):
/// one small subclass per runtime supplies the lock. One thread takes and releases the lock N times per invocation;
/// a row is the cost of one acquire plus one release.
/// </summary>
/// <typeparam name="TLock">The lock's operations, a struct so each lock gets its own compiled, inlined loop.</typeparam>
[BenchmarkCategory(MicroCategories.Lock)]
public abstract class ExclusiveLockBenchmarks<TLock> : LockBenchmarks<TLock>
    where TLock : struct, IExclusiveLockOperations, ILockUnderTest<TLock>
{
    private Func<ValueTask>? _tryAcquireRelease;

    /// <summary>Acquire then release.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerInvoke)]
    public void AcquireRelease() => RunAcquireRelease();

    /// <summary>TryAcquire (which succeeds: nobody else holds the lock) then release.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerInvoke)]
    [BenchmarkCategory(MicroCategories.TryAcquire)]
    public void TryAcquireRelease() => RunLoop(_tryAcquireRelease!);

    /// <inheritdoc/>
    protected override void Setup()
    {
        base.Setup();
        _tryAcquireRelease = TryAcquireReleaseLoop;
    }

    private ValueTask TryAcquireReleaseLoop()
    {
        TLock held = Lock;
        for (int i = 0; i < PairsPerInvoke; i++)
        {
            if (!held.TryAcquire())
            {
                throw new InvalidOperationException($"{GetType().Name}: TryAcquire failed on a lock nobody holds.");
            }

            held.Release();
        }

        return default;
    }
}
