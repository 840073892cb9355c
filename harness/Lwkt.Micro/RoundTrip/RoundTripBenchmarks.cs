using Lwkt.Micro.Hosting;

namespace Lwkt.Micro.RoundTrip;

/// <summary>
/// Call/reply message round trip between a client and a server, written once; each subclass carries the message its
/// runtime's way. Pinned runtimes run it with both parties on one CPU and on two (the <see cref="Placement"/>
/// parameter); pool runtimes once, placed by the pool. A row is one request plus its reply (docs/targets.md: LWKT ≤
/// 150 ns on one CPU; across two, ≤ 1.5 × the cache-line floor).
/// </summary>
[BenchmarkCategory(MicroCategories.RoundTrip)]
public abstract class RoundTripBenchmarks : MicroBenchmark
{
    /// <summary>Round trips per invocation.</summary>
    public const int RoundTrips = 20_000;

    /// <summary>Where the client and the server run.</summary>
    [ParamsSource(nameof(Placements))]
    public Placement Placement { get; set; }

    /// <summary>The placements this runtime is measured at: same and cross CPU (cross only with two CPUs).</summary>
    public virtual IEnumerable<Placement> Placements => HostCpus.PinnedPlacements();

    /// <summary>One request and its reply.</summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public void RoundTrip() => RunRoundTrips(RoundTrips);

    /// <summary>Starts a client and a server and makes <paramref name="count"/> round trips between them.</summary>
    protected abstract void RunRoundTrips(int count);
}
