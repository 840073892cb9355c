using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lwkt.Workloads.Measurement;

/// <summary>Stopwatch timestamps and their conversion to nanoseconds (Stopwatch ticks are ns on Linux).</summary>
internal static class Timestamps
{
    private static readonly double s_nsPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>The current timestamp (clock_gettime(CLOCK_MONOTONIC) on Linux, ~20-30 ns through the vDSO).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Now() => Stopwatch.GetTimestamp();

    /// <summary>Nanoseconds in <paramref name="ticks"/> timestamp ticks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToNs(long ticks) => Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * s_nsPerTick);
}
