namespace Lwkt.Micro.Locks;

/// <summary>
/// Uncontended exclusive acquire/release, written once for every lock (the dotnet/performance Perf.Channel pattern):
/// one small subclass per runtime supplies the lock. One thread takes and releases the lock N times per invocation;
/// a row is the cost of one acquire plus one release.
/// </summary>
/// <typeparam name="TLock">The lock's operations, a struct so each lock gets its own compiled, inlined loop.</typeparam>
[BenchmarkCategory(MicroCategories.Lock)]
public abstract class ExclusiveLockBenchmarks<TLock> : MicroBenchmark
    where TLock : struct, ILockOperations
{
    /// <summary>Acquire/release pairs per invocation: enough that an LWKT spawn+join per invocation is below 1 %.</summary>
    public const int PairsPerInvoke = 1_000_000;

    private TLock _lock;
    private Func<ValueTask>? _acquireRelease;
    private Func<ValueTask>? _tryAcquireRelease;

    /// <summary>Acquire then release.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerInvoke)]
    public void AcquireRelease() => RunLoop(_acquireRelease!);

    /// <summary>TryAcquire (which succeeds: nobody else holds the lock) then release.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerInvoke)]
    [BenchmarkCategory(MicroCategories.TryAcquire)]
    public void TryAcquireRelease() => RunLoop(_tryAcquireRelease!);

    /// <summary>Creates the lock under test (called in the global setup, after the LWKT runtime started).</summary>
    protected abstract TLock CreateLock();

    /// <inheritdoc/>
    protected override void Setup()
    {
        _lock = CreateLock();
        _acquireRelease = AcquireReleaseLoop;
        _tryAcquireRelease = TryAcquireReleaseLoop;
    }

    private async ValueTask AcquireReleaseLoop()
    {
        TLock held = _lock;
        for (int i = 0; i < PairsPerInvoke; i++)
        {
            await held.AcquireAsync();
            held.Release();
        }
    }

    private ValueTask TryAcquireReleaseLoop()
    {
        TLock held = _lock;
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
