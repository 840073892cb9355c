using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lwkt.Baselines.Native;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// How fast the machine ran a fixed piece of code just now, on each CPU a cell uses: nanoseconds per step of a
/// dependent chain (one 64-bit multiply-add and one load from a 4 KiB table that stays in L1), the fastest of
/// <see cref="Chunks"/> chunks of <see cref="StepsPerChunk"/> steps. The code never changes, so a change in the figure
/// is the machine: the host giving the virtual CPU less of a physical core (another guest on its SMT sibling, a lower
/// clock), which nothing in the guest reports (<c>/proc/stat</c> steal stays 0 on the development VM).
/// </summary>
/// <remarks>
/// <para>Why: on the 2-core development VM (AMD EPYC, KVM) the same chain pinned to one CPU read 1.541–1.543 ns per step
/// for stretches and 1.60–1.94 for others of 50–500 ms, while the other CPU was steady; neither a spinner nor a
/// cache-thrashing loop on the guest's other CPU changed it, so it is the host. Iterations of lwkt <c>pingpong</c> at
/// 1 core that ran with the chain at 1.543 throughout took 121–137 ns per round trip, those with it at 1.60–1.65 took
/// 183–209 ns (15 iterations with no other work on the CPU); <c>spawn</c> 103–104 against 154–165 ns. A pure
/// multiply-add chain moved only 1 % between the states: the slow state costs loads, which is why the chain has one.</para>
/// <para>Chunk size, measured there with the same chain in C (the fastest of 4 consecutive chunks, 10 000 probes):
/// 25 µs, 100 µs and 400 µs chunks all read the fast state as 1.541–1.559, so precision needs no longer chunks; but a
/// chunk shorter than the gaps of an interruption that comes every ~80 µs can fall between them and miss it, and
/// 100 µs spans that. So a probe costs 4 × 100 µs = 0.4 ms per CPU, two per iteration (before and after): 0.8 ms per
/// CPU per iteration, outside the measured window (0.3 % of a 300 ms iteration).</para>
/// <para>What it cannot see: a slowdown that starts and ends inside an iteration (it samples the two ends), one that
/// spares this integer/L1 loop (memory bandwidth, a cold cache), and preemption in slices longer than its chunks
/// (other work on the CPU: <see cref="CpuInterference"/> sees that). A before/after pair that differs says the state
/// changed during the iteration.</para>
/// <para>Caller: the child's iteration loop, on its main thread, between iterations (no workload thread runs).
/// Pinning the calling thread to each CPU in turn and back to the whole set: threads it creates later inherit its
/// mask, so it always leaves with the set it came with.</para>
/// </remarks>
internal static class MachineSpeed
{
    /// <summary>Steps of the chain per chunk: ≈ 100 µs on the development VM (1.55 ns a step).</summary>
    public const int StepsPerChunk = 65_536;

    /// <summary>Chunks per CPU per probe; the fastest counts.</summary>
    public const int Chunks = 4;

    /// <summary>Entries of the table the chain walks: 4 KiB, L1-resident on any CPU.</summary>
    private const int TableEntries = 512;

    private static readonly ulong[] s_table = Table();

    /// <summary>
    /// The mean over <paramref name="cpus"/> of each CPU's nanoseconds per step; with no CPU set known (not Linux)
    /// the figure of whichever CPU the caller runs on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Probe(int[] cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (cpus.Length <= 1)
        {
            // The process is already pinned to its one CPU (or is not pinned at all).
            return FastestChunk();
        }

        double sum = 0;
        try
        {
            foreach (int cpu in cpus)
            {
                ThreadAffinity.PinCurrentThread(cpu);
                sum += FastestChunk();
            }
        }
        finally
        {
            ThreadAffinity.PinCurrentThread(cpus);
        }

        return sum / cpus.Length;
    }

    /// <summary>Nanoseconds per step of the fastest of <see cref="Chunks"/> chunks on the current CPU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double FastestChunk()
    {
        long best = long.MaxValue;
        for (int chunk = 0; chunk < Chunks; chunk++)
        {
            long start = Stopwatch.GetTimestamp();
            Sink = Chain(s_table, StepsPerChunk);
            best = Math.Min(best, Stopwatch.GetTimestamp() - start);
        }

        return best * 1e9 / Stopwatch.Frequency / StepsPerChunk;
    }

    /// <summary>The chain's last value: written so the JIT cannot drop the loop.</summary>
    internal static ulong Sink { get; private set; }

    /// <summary>
    /// <paramref name="steps"/> steps: x = x·a + c (Knuth's MMIX constants), then x ^= the table entry the previous
    /// entry pointed at. Each step needs the last one's result, so the loop runs at the CPU's latency, not its width.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static ulong Chain(ulong[] table, int steps)
    {
        ref ulong first = ref MemoryMarshal.GetArrayDataReference(table);
        ulong x = 1;
        ulong next = 0;
        for (int i = 0; i < steps; i++)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;

            // Every entry is below TableEntries (Table), so the load stays inside the array.
            next = Unsafe.Add(ref first, (nint)next);
            x ^= next;
        }

        return x;
    }

    /// <summary>A walk through all entries in a fixed order: entry i points at (7i + 3) mod 512.</summary>
    private static ulong[] Table()
    {
        var table = new ulong[TableEntries];
        for (int i = 0; i < TableEntries; i++)
        {
            table[i] = (ulong)(((i * 7) + 3) % TableEntries);
        }

        return table;
    }
}
