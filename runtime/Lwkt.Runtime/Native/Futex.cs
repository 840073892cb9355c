using System.Runtime.InteropServices;

namespace Lwkt.Runtime.Native;

/// <summary>
/// The Linux <c>futex(2)</c> system call, private (single-process) wait and wake only: the one kernel primitive an
/// idle virtual CPU parks on (the runtime's <c>Doorbell</c>) and the one the os-futex baselines block on. glibc has no
/// wrapper, so this calls <c>syscall(2)</c> with a fixed six-argument signature (the integer registers match the
/// variadic call on x86_64 and arm64).
/// </summary>
/// <remarks>
/// The runtime depends on nothing else in the repository, so it owns this layer; the baselines compile this file too
/// (internal in each assembly) and count their calls on top of it (<c>Lwkt.Baselines.Native.Futex</c>). A futex word
/// must not move while a thread may wait on it: keep it in native memory or in a pinned array.
/// </remarks>
internal static unsafe partial class Futex
{
    private const int WaitPrivate = 128; // FUTEX_WAIT | FUTEX_PRIVATE_FLAG
    private const int WakePrivate = 129; // FUTEX_WAKE | FUTEX_PRIVATE_FLAG
    private const int Eagain = 11, Eintr = 4, Etimedout = 110;
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>SYS_futex: 98 in the generic table used by arm64, 202 on x86_64.</summary>
    private static readonly nint s_sysFutex = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 98 : 202;

    /// <summary>True on Linux x86_64 and arm64, the platforms whose futex system call number this class knows.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>
    /// FUTEX_WAIT_PRIVATE: sleeps while <c>*word == expected</c> (the kernel compares atomically with queueing the
    /// waiter, so a wake after the caller's last check is never lost). Returns false only when the relative timeout
    /// (nanoseconds; negative = none) ran out; true on a wake, a value mismatch, a signal or a spurious wake-up, so
    /// callers re-check their condition in a loop.
    /// </summary>
    public static bool Wait(int* word, int expected, long timeoutNanoseconds = -1)
    {
        long ns = Math.Max(timeoutNanoseconds, 0);
        Timespec timeout = new(ns / NanosecondsPerSecond, ns % NanosecondsPerSecond);
        if (Syscall(s_sysFutex, word, WaitPrivate, expected, timeoutNanoseconds < 0 ? null : &timeout, null, 0) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno is Eagain or Eintr ? true
            : errno == Etimedout ? false
            : throw new InvalidOperationException($"futex(FUTEX_WAIT_PRIVATE) failed with errno {errno}.");
    }

    /// <summary>FUTEX_WAKE_PRIVATE: wakes up to <paramref name="count"/> threads waiting on the word; returns how many.</summary>
    public static int Wake(int* word, int count)
    {
        nint woken = Syscall(s_sysFutex, word, WakePrivate, count, null, null, 0);
        return woken >= 0 ? (int)woken
            : throw new InvalidOperationException($"futex(FUTEX_WAKE_PRIVATE) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, int* word, int operation, int value, Timespec* timeout, int* word2, int value3);

    /// <summary>The Linux 64-bit <c>struct timespec</c>.</summary>
    private readonly record struct Timespec(long Seconds, long Nanoseconds);
}
