using System.Numerics;
using System.Runtime.InteropServices;

namespace Lwkt.Baselines.Native;

/// <summary>
/// Process-wide counts of futex system calls, striped so that counting does not itself create contention:
/// each thread takes a stripe round-robin on its first count and increments only that stripe, and every
/// stripe has lines of its own. Two threads share a stripe only when there are more counting threads than
/// stripes, and then only pay an uncontended-ish atomic add next to a system call of hundreds of ns.
/// </summary>
public static class FutexCounters
{
    /// <summary>Stripes: a power of two at least the CPU count (at least 8).</summary>
    private static readonly Stripe[] s_stripes = new Stripe[Math.Max(8, (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount))];

    private static int s_nextStripe;

    /// <summary>This thread's stripe index plus one; 0 until the thread first counts.</summary>
    [ThreadStatic]
    private static int t_stripe;

    /// <summary>Sums the stripes. Concurrent counts may or may not be included; each count appears exactly once eventually.</summary>
    public static FutexCounts Read()
    {
        long waits = 0, wakes = 0;
        for (int i = 0; i < s_stripes.Length; i++)
        {
            waits += Volatile.Read(ref s_stripes[i].Waits);
            wakes += Volatile.Read(ref s_stripes[i].Wakes);
        }

        return new FutexCounts(waits, wakes);
    }

    internal static void CountWait() => Interlocked.Increment(ref MyStripe().Waits);

    internal static void CountWake() => Interlocked.Increment(ref MyStripe().Wakes);

    private static ref Stripe MyStripe()
    {
        int stripe = t_stripe;
        if (stripe == 0)
        {
            stripe = t_stripe = (Interlocked.Increment(ref s_nextStripe) & (s_stripes.Length - 1)) + 1;
        }

        return ref s_stripes[stripe - 1];
    }

    /// <summary>One thread group's counters, a line of padding before them so array neighbours never share a line.</summary>
    [StructLayout(LayoutKind.Explicit, Size = CacheLine.Size + CacheLine.Size)]
    private struct Stripe
    {
        [FieldOffset(CacheLine.Size)]
        public long Waits;

        [FieldOffset(CacheLine.Size + sizeof(long))]
        public long Wakes;
    }
}
