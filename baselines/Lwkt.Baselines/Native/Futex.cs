using System.Runtime.InteropServices;
using SystemFutex = Lwkt.Runtime.Native.Futex;

namespace Lwkt.Baselines.Native;

/// <summary>
/// The os-futex family's <c>futex(2)</c>: the runtime's private wait and wake (the same system call code the LWKT
/// runtime parks its idle CPUs with, compiled into this assembly from <c>runtime/Lwkt.Runtime/Native/Futex.cs</c>),
/// each call counted in <see cref="FutexCounters"/> first. Every call really enters the kernel. The algorithms that
/// use it live elsewhere (<c>Lwkt.Baselines.Futexes</c>).
/// </summary>
/// <remarks>A futex word must not move while a thread may wait on it: use <see cref="CacheLine.AllocateNative"/>.</remarks>
public static unsafe class Futex
{
    /// <summary>True on Linux x86_64 and arm64, the platforms whose futex system call number is known.</summary>
    public static bool IsSupported => SystemFutex.IsSupported;

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
    /// FUTEX_WAIT_PRIVATE, counted: sleeps while <c>*word == expected</c>. Returns false only when the relative
    /// timeout (nanoseconds; negative = none) ran out; true on a wake, a value mismatch, a signal or a spurious
    /// wake-up, so callers re-check their condition in a loop.
    /// </summary>
    public static bool Wait(int* word, int expected, long timeoutNanoseconds = -1)
    {
        FutexCounters.CountWait();
        return SystemFutex.Wait(word, expected, timeoutNanoseconds);
    }

    /// <summary>FUTEX_WAKE_PRIVATE, counted: wakes up to <paramref name="count"/> threads waiting on the word; returns how many.</summary>
    public static int Wake(int* word, int count)
    {
        FutexCounters.CountWake();
        return SystemFutex.Wake(word, count);
    }
}
