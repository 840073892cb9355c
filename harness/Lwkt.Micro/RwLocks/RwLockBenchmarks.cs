using Lwkt.Micro.Locks;

namespace Lwkt.Micro.RwLocks;

/// <summary>
/// Uncontended shared and exclusive acquire/release of a reader/writer lock, written once for every lock; one small
/// subclass per runtime supplies it. A row is the cost of one acquire plus one release.
/// </summary>
/// <typeparam name="TLock">The lock's operations, a struct so each lock gets its own compiled, inlined loop.</typeparam>
[BenchmarkCategory(MicroCategories.RwLock)]
public abstract class RwLockBenchmarks<TLock> : LockBenchmarks<TLock>
    where TLock : struct, IRwLockOperations, ILockUnderTest<TLock>
{
    private Func<ValueTask>? _shared;

    /// <summary>Acquire shared then release.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerInvoke)]
    public void SharedAcquireRelease() => RunLoop(_shared!);

    /// <summary>Acquire exclusive then release.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerInvoke)]
    public void ExclusiveAcquireRelease() => RunAcquireRelease();

    /// <inheritdoc/>
    protected override void Setup()
    {
        base.Setup();
        _shared = SharedLoop;
    }

    private async ValueTask SharedLoop()
    {
        TLock held = Lock;
        for (int i = 0; i < PairsPerInvoke; i++)
        {
            await held.AcquireSharedAsync();
            held.ReleaseShared();
        }
    }
}
