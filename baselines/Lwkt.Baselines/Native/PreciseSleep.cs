using System.Diagnostics;
using Lwkt.Runtime.Native;

namespace Lwkt.Baselines.Native;

/// <summary>
/// A blocking sleep with sub-millisecond accuracy for the OS-thread runtimes. <c>Thread.Sleep(TimeSpan)</c>
/// rounds down to whole milliseconds (so 50 µs becomes a mere yield); this sleeps in the kernel to an absolute
/// CLOCK_MONOTONIC deadline with the runtime's <see cref="MonotonicClock"/> (compiled into this assembly from
/// <c>runtime/Lwkt.Runtime/Native/MonotonicClock.cs</c>: the sysport's nanosleep and this sleep are the same code), so
/// a signal that interrupts the sleep resumes it without drift. The thread really blocks (no spinning). It never
/// returns early: <see cref="Stopwatch"/> reads the same CLOCK_MONOTONIC, so the achieved sleep measured with it is at
/// least the request; the excess is the kernel's timer slack (50 µs by default for normal threads) plus wake-up latency.
/// </summary>
public static class PreciseSleep
{
    /// <summary>True where the kernel sleep is used (Linux); elsewhere <see cref="Sleep"/> falls back as documented there.</summary>
    public static bool IsPrecise { get; } = OperatingSystem.IsLinux();

    /// <summary>
    /// Blocks the calling thread for at least <paramref name="nanoseconds"/>; zero or less returns at once.
    /// Off Linux it sleeps whole milliseconds with <c>Thread.Sleep</c> and yields out the remainder.
    /// </summary>
    public static void Sleep(long nanoseconds)
    {
        if (nanoseconds > 0)
        {
            MonotonicClock.SleepUntil(MonotonicClock.NowNanoseconds() + nanoseconds);
        }
    }
}
