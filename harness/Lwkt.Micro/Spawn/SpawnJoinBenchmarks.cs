namespace Lwkt.Micro.Spawn;

/// <summary>
/// Spawn + run + join of an empty thread (or task), one after the other, written once; each subclass uses its
/// runtime's threads. A row is one create, run and join (docs/targets.md: LWKT ≤ 150 ns per thread).
/// </summary>
[BenchmarkCategory(MicroCategories.Spawn)]
public abstract class SpawnJoinBenchmarks : MicroBenchmark
{
    /// <summary>Threads per invocation.</summary>
    public const int Threads = 10_000;

    /// <summary>Create, run and join one empty thread.</summary>
    [Benchmark(OperationsPerInvoke = Threads)]
    public void SpawnJoin() => RunSpawnJoins(Threads);

    /// <summary>Spawns and joins <paramref name="count"/> empty threads, one at a time.</summary>
    protected abstract void RunSpawnJoins(int count);
}
