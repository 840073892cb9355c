using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lwkt.Baselines.Native;

/// <summary>
/// A blocking sleep with sub-millisecond accuracy for the OS-thread runtimes. <c>Thread.Sleep(TimeSpan)</c>
/// rounds down to whole milliseconds (so 50 µs becomes a mere yield); on Linux this sleeps in the kernel with
/// <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c> to an absolute deadline, so a signal that interrupts
/// the sleep resumes it without drift. The thread really blocks (no spinning). It never returns early:
/// <see cref="Stopwatch"/> reads the same CLOCK_MONOTONIC, so the achieved sleep measured with it is at least the
/// request; the excess is the kernel's timer slack (50 µs by default for normal threads) plus wake-up latency.
/// </summary>
public static unsafe partial class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int Eintr = 4;

    /// <summary>True where the kernel sleep is used (Linux); elsewhere <see cref="Sleep"/> falls back as documented there.</summary>
    public static bool IsPrecise { get; } = OperatingSystem.IsLinux();

    /// <summary>
    /// Blocks the calling thread for at least <paramref name="nanoseconds"/>; zero or less returns at once.
    /// Off Linux it sleeps whole milliseconds with <c>Thread.Sleep</c> and yields out the remainder.
    /// </summary>
    public static void Sleep(long nanoseconds)
    {
        if (nanoseconds <= 0)
        {
            return;
        }

        if (!IsPrecise)
        {
            SleepPortable(nanoseconds);
            return;
        }

        Timespec now;
        if (ClockGetTime(ClockMonotonic, &now) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_MONOTONIC) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        Timespec deadline = now.Add(nanoseconds);
        int error;
        while ((error = ClockNanosleep(ClockMonotonic, TimerAbsolute, &deadline, null)) == Eintr)
        {
        }

        if (error != 0)
        {
            throw new InvalidOperationException($"clock_nanosleep(CLOCK_MONOTONIC) failed with error {error}.");
        }
    }

    private static void SleepPortable(long nanoseconds)
    {
        long start = Stopwatch.GetTimestamp();
        TimeSpan span = TimeSpan.FromTicks(nanoseconds / 100);
        if (span.TotalMilliseconds >= 2)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Floor(span.TotalMilliseconds) - 1));
        }

        while (Stopwatch.GetElapsedTime(start).Ticks * 100 < nanoseconds)
        {
            Thread.Yield();
        }
    }

    /// <summary>Returns 0 or an error number (clock_nanosleep does not use errno).</summary>
    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, Timespec* request, Timespec* remaining);

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, Timespec* now);
}
