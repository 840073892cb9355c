namespace Lwkt.Baselines.Native;

/// <summary>A snapshot of <see cref="FutexCounters"/>: futex system calls entered since the process started.</summary>
/// <param name="Waits">FUTEX_WAIT_PRIVATE calls (each entered the kernel, whether it slept or not).</param>
/// <param name="Wakes">FUTEX_WAKE_PRIVATE calls.</param>
public readonly record struct FutexCounts(long Waits, long Wakes)
{
    /// <summary>The difference <paramref name="after"/> minus <paramref name="before"/>.</summary>
    public static FutexCounts operator -(FutexCounts after, FutexCounts before)
        => new(after.Waits - before.Waits, after.Wakes - before.Wakes);

    /// <summary>Subtraction for languages without operators.</summary>
    public static FutexCounts Subtract(FutexCounts after, FutexCounts before) => after - before;
}
