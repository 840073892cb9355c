using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// CPU work of a given number of nanoseconds, the same loop on every runtime: a dependent chain of 64-bit
/// multiply-adds (one LCG step per iteration, about 1 ns), which the JIT cannot remove or vectorise.
/// </summary>
/// <remarks>
/// Calibrated once per process, on first use: the loop runs 200 000 iterations nine times and the fastest run
/// against <see cref="Stopwatch"/> gives iterations per ns (the fastest, because preemption only makes runs
/// slower). The loop is compiled fully optimised from the start (no tier-0 code that would calibrate a slower
/// loop than the one measured later). Work is CPU time, not wall time: a thread preempted in the middle of
/// <see cref="Spin"/> simply takes longer, as a real critical section would. Accuracy follows the CPU clock: a
/// frequency change after calibration scales every duration by the same factor on every runtime.
/// </remarks>
internal static class CpuWork
{
    private const long CalibrationIterations = 200_000;
    private const int CalibrationRounds = 9;

    private static readonly double s_iterationsPerNs = Calibrate();

    /// <summary>Loop iterations per nanosecond measured by the calibration.</summary>
    public static double IterationsPerNs => s_iterationsPerNs;

    /// <summary>Runs the calibrated loop for about <paramref name="nanoseconds"/> ns (nothing for 0 or less).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Spin(long nanoseconds)
    {
        if (nanoseconds > 0)
        {
            Loop((long)(nanoseconds * s_iterationsPerNs) + 1);
        }
    }

    /// <summary>Iterations of the chain; the result is returned so the loop has an observable effect.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static ulong Loop(long iterations)
    {
        ulong x = (ulong)iterations;
        for (long i = 0; i < iterations; i++)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        }

        return x;
    }

    private static double Calibrate()
    {
        long best = long.MaxValue;
        for (int round = 0; round < CalibrationRounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            Loop(CalibrationIterations);
            long elapsed = Stopwatch.GetTimestamp() - start;
            best = Math.Min(best, elapsed);
        }

        double ns = Math.Max(1.0, best * 1e9 / Stopwatch.Frequency);
        return CalibrationIterations / ns;
    }
}
