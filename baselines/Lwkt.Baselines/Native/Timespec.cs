namespace Lwkt.Baselines.Native;

/// <summary>The Linux 64-bit <c>struct timespec</c> (time_t and long are both 64 bits on x86_64 and arm64).</summary>
internal struct Timespec
{
    /// <summary>Whole seconds.</summary>
    public long Seconds;

    /// <summary>Nanoseconds, 0 to 999 999 999.</summary>
    public long Nanoseconds;

    /// <summary>Nanoseconds per second.</summary>
    public const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>A timespec for a non-negative span of <paramref name="nanoseconds"/>.</summary>
    public static Timespec FromNanoseconds(long nanoseconds) => new()
    {
        Seconds = nanoseconds / NanosecondsPerSecond,
        Nanoseconds = nanoseconds % NanosecondsPerSecond,
    };

    /// <summary>This instant moved later by <paramref name="nanoseconds"/> (non-negative).</summary>
    public readonly Timespec Add(long nanoseconds)
    {
        long total = Nanoseconds + (nanoseconds % NanosecondsPerSecond);
        long seconds = Seconds + (nanoseconds / NanosecondsPerSecond) + (total / NanosecondsPerSecond);
        return new Timespec { Seconds = seconds, Nanoseconds = total % NanosecondsPerSecond };
    }
}
