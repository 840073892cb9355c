using System.Runtime.InteropServices;

namespace Lwkt.Baselines;

/// <summary>
/// Cache-line geometry for the padding of locks, futex words and hot counters. Two threads that write words
/// in one line make that line bounce between their cores (false sharing), which would add a cost to a lock
/// that is not the lock's own; every baseline pads so the comparison measures the algorithms only.
/// </summary>
public static unsafe class CacheLine
{
    /// <summary>
    /// 128 bytes. Lines are 64 bytes on x86_64, but the L2 spatial prefetcher fetches lines in adjacent pairs,
    /// so two hot words 64 bytes apart still interfere; several arm64 cores have 128-byte lines. .NET's own
    /// padding (<c>Internal.PaddingHelpers.CACHE_LINE_SIZE</c>) uses 128 for the same reasons.
    /// </summary>
    public const int Size = 128;

    /// <summary>
    /// Allocates one zeroed, line-aligned line of native memory. The GC never moves it, which a futex word
    /// needs (the kernel keys a private futex by its virtual address), and nothing else shares its line.
    /// The owner frees it with <see cref="FreeNative"/> (from a finalizer: see <c>FutexMutex</c>).
    /// </summary>
    public static void* AllocateNative()
    {
        void* line = NativeMemory.AlignedAlloc(Size, Size);
        NativeMemory.Clear(line, Size);
        return line;
    }

    /// <summary>Frees a line from <see cref="AllocateNative"/>; null is ignored.</summary>
    public static void FreeNative(void* line) => NativeMemory.AlignedFree(line);
}
