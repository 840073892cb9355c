using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lwkt.Runtime.Native;

/// <summary>
/// CLOCK_MONOTONIC and an absolute-deadline kernel sleep on it, for the sysport's nanosleep and the OS-thread
/// baselines' sleep (<c>PreciseSleep</c>): this file is compiled into the baselines too, so both sides of a sleep
/// comparison read the clock and sleep with the same code. On Linux the sleep is
/// <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c>: sub-millisecond accurate (the kernel's timer slack — 50 µs
/// by default, 1 ns after <c>TimerSlack.SetMinimalForCurrentThread</c> — plus wake-up latency), and a signal that
/// interrupts it resumes toward the same deadline; it never returns early, as <see cref="Stopwatch"/> reads the same
/// clock. Elsewhere a millisecond sleep plus a yield loop stands in. Callers of <see cref="SleepUntil"/>: OS threads
/// that may block (sysport threads, baseline threads), never an LWKT worker.
/// </summary>
internal static unsafe partial class MonotonicClock
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int Interrupted = 4;
    private const long NanosecondsPerSecond = 1_000_000_000;

    private static readonly bool s_native = OperatingSystem.IsLinux();

    /// <summary>Now, in nanoseconds of CLOCK_MONOTONIC (Stopwatch time off Linux).</summary>
    public static long NowNanoseconds()
    {
        if (!s_native)
        {
            return (long)(Stopwatch.GetTimestamp() * ((double)NanosecondsPerSecond / Stopwatch.Frequency));
        }

        Timespec now;
        if (ClockGetTime(ClockMonotonic, &now) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_MONOTONIC) failed: errno {Marshal.GetLastSystemError()}.");
        }

        return (now.Seconds * NanosecondsPerSecond) + now.Nanoseconds;
    }

    /// <summary>Blocks the calling OS thread until <see cref="NowNanoseconds"/> reaches <paramref name="deadline"/>.</summary>
    public static void SleepUntil(long deadline)
    {
        if (!s_native)
        {
            long left = deadline - NowNanoseconds();
            if (left > 2_000_000)
            {
                Thread.Sleep((int)(left / 1_000_000) - 1);
            }

            while (NowNanoseconds() < deadline)
            {
                Thread.Yield();
            }

            return;
        }

        var request = new Timespec(deadline / NanosecondsPerSecond, deadline % NanosecondsPerSecond);
        int error;
        while ((error = ClockNanosleep(ClockMonotonic, TimerAbsolute, &request, null)) == Interrupted)
        {
        }

        if (error != 0)
        {
            throw new InvalidOperationException($"clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME) failed: error {error}.");
        }
    }

    /// <summary>Returns 0 or an error number: clock_nanosleep does not set errno.</summary>
    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, Timespec* request, Timespec* remaining);

    /// <summary>
    /// Without the GC transition: clock_gettime is a vDSO read that neither blocks nor calls back, and every sysport
    /// sleep reads the clock on a worker (this function, its stub and transition, was 8.6 % of the workers' managed samples in
    /// <c>hold-block</c>, 2 cores, 64 threads). No SetLastError (not allowed here): a failure reads errno directly.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    [SuppressGCTransition]
    private static partial int ClockGetTime(int clock, Timespec* now);

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timespec(long Seconds, long Nanoseconds);
}
