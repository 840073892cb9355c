using System.Runtime.InteropServices;

namespace Lwkt.Baselines.Native;

/// <summary>
/// The Linux <c>futex(2)</c> system call, private (single-process) operations only. glibc has no wrapper, so
/// this calls <c>syscall(2)</c> with a fixed six-argument signature (the integer registers are the same as for
/// the variadic call on x86_64 and arm64). Every call really enters the kernel and is counted in
/// <see cref="FutexCounters"/>. The algorithms that use it live elsewhere (<c>Lwkt.Baselines.Futexes</c>).
/// </summary>
/// <remarks>A futex word must not move while a thread may wait on it: use <see cref="CacheLine.AllocateNative"/>.</remarks>
public static unsafe partial class Futex
{
    private const int WaitPrivate = 128; // FUTEX_WAIT | FUTEX_PRIVATE_FLAG
    private const int WakePrivate = 129; // FUTEX_WAKE | FUTEX_PRIVATE_FLAG
    private const int Eagain = 11, Eintr = 4, Etimedout = 110;

    /// <summary>SYS_futex: 98 in the generic table used by arm64, 202 on x86_64.</summary>
    private static readonly nint s_sysFutex = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 98 : 202;

    /// <summary>True on Linux x86_64 and arm64, the platforms whose futex system call number this class knows.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Refuses, with a message a user can act on, where <see cref="IsSupported"/> is false.</summary>
    public static void ThrowIfNotSupported()
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException(
                $"os-futex needs the Linux futex(2) system call on x86_64 or arm64; this process runs on "
                + $"{RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture}). Use os-monitor or os-lock instead.");
        }
    }

    /// <summary>
    /// FUTEX_WAIT_PRIVATE: sleeps while <c>*word == expected</c> (the kernel compares atomically with queueing
    /// the waiter, so a wake after the caller's last check is never lost). Returns false only when the
    /// relative timeout (nanoseconds; negative = none) ran out; true on a wake, a value mismatch, a signal or
    /// a spurious wake-up, so callers re-check their condition in a loop.
    /// </summary>
    public static bool Wait(int* word, int expected, long timeoutNanoseconds = -1)
    {
        FutexCounters.CountWait();
        Timespec timeout = Timespec.FromNanoseconds(Math.Max(timeoutNanoseconds, 0));
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
        FutexCounters.CountWake();
        nint woken = Syscall(s_sysFutex, word, WakePrivate, count, null, null, 0);
        return woken >= 0 ? (int)woken
            : throw new InvalidOperationException($"futex(FUTEX_WAKE_PRIVATE) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, int* word, int operation, int value, Timespec* timeout, int* word2, int value3);
}
