using System.Runtime.InteropServices;
using Lwkt.Micro.Hosting;

namespace Lwkt.Micro.RoundTrip;

/// <summary>
/// The machine's floor for a cross-CPU round trip: two OS threads pinned to two host CPUs hand one cache line back and
/// forth by spinning on it (the first writes 1 and spins until it reads 0, the second spins until it reads 1 and writes
/// 0). Nothing a runtime does across CPUs can be cheaper than this line's two transfers. Kept beside the micro round
/// trips; the cross-CPU targets use the harness's probe (<c>lwkt-bench floor</c>, <c>run --floor</c>: a median of many
/// short batches, taken around the cell, docs/targets.md), since this one includes the threads' creation in each
/// invocation and reports a mean. Cross CPU only: pinned to one CPU, each spin would wait for the scheduler to preempt
/// the other party.
/// </summary>
[BenchmarkCategory(MicroCategories.Floor)]
public unsafe class CacheLineFloor : RoundTripBenchmarks
{
    /// <summary>One cache line's worth (128 bytes: also clear of the adjacent-line prefetcher) for the flag alone.</summary>
    private const int LineBytes = 128;

    private int* _flag;

    /// <inheritdoc/>
    public override IEnumerable<Placement> Placements => HostCpus.HasTwo ? [Placement.CrossCpu] : [];

    /// <inheritdoc/>
    protected override void Setup()
    {
        _flag = (int*)NativeMemory.AlignedAlloc(LineBytes, LineBytes);
        *_flag = 0;
    }

    /// <inheritdoc/>
    protected override void Cleanup() => NativeMemory.AlignedFree(_flag);

    /// <inheritdoc/>
    protected override void RunRoundTrips(int count)
    {
        int* flag = _flag;
        OsThreadPair.Run(
            Placement,
            () =>
            {
                for (int i = 0; i < count; i++)
                {
                    Volatile.Write(ref *flag, 1);
                    while (Volatile.Read(ref *flag) != 0)
                    {
                    }
                }
            },
            () =>
            {
                for (int i = 0; i < count; i++)
                {
                    while (Volatile.Read(ref *flag) != 1)
                    {
                    }

                    Volatile.Write(ref *flag, 0);
                }
            });
    }
}
