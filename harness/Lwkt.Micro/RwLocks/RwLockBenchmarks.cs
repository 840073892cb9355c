namespace Lwkt.Micro.RwLocks;

/// <summary>
/// Uncontended shared and exclusive acquire/release of a reader/writer lock, written once for every lock; one small
/// subclass per runtime supplies it. A row is the cost of one acquire plus one release.
/// </summary>
/// <typeparam name="TLock">The lock's operations, a struct so each lock gets its own compiled, inlined loop.</typeparam>
[BenchmarkCategory(MicroCategories.RwLock)]
public abstract class RwLockBenchmarks<TLock> : MicroBenchmark
    where TLock : struct, IRwLockOperations
{
    /// <summary>Acquire/release pairs per invocation: enough that an LWKT spawn+join per invocation is below 1 %.</summary>
    public const int PairsPerInvoke = 1_000_000;

    private TLock _lock;
    private Func<ValueTask>? _shared;
    private Func<ValueTask>? _exclusive;

    /// <summary>Acquire shared then release.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerInvoke)]
    public void SharedAcquireRelease() => RunLoop(_shared!);

    /// <summary>Acquire exclusive then release.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerInvoke)]
    public void ExclusiveAcquireRelease() => RunLoop(_exclusive!);

    /// <summary>Creates the lock under test (called in the global setup, after the LWKT runtime started).</summary>
    protected abstract TLock CreateLock();

    /// <inheritdoc/>
    protected override void Setup()
    {
        _lock = CreateLock();
        _shared = SharedLoop;
        _exclusive = ExclusiveLoop;
    }

    private async ValueTask SharedLoop()
    {
        TLock held = _lock;
        for (int i = 0; i < PairsPerInvoke; i++)
        {
            await held.AcquireSharedAsync();
            held.ReleaseShared();
        }
    }

    private async ValueTask ExclusiveLoop()
    {
        TLock held = _lock;
        for (int i = 0; i < PairsPerInvoke; i++)
        {
            await held.AcquireExclusiveAsync();
            held.ReleaseExclusive();
        }
    }
}
