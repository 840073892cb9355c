using Lwkt.Workloads.Torture;

namespace Lwkt.Workloads.Tests.Torture;

/// <summary>Torture settings for the deterministic lwkt runs of the tests, in one place.</summary>
internal static class DeterministicTorture
{
    /// <summary>
    /// Virtual time, so a short run still sees stutter (a third of the run), shuffles (a sixth) and statistics (half);
    /// <paramref name="waitBound"/> is the watchdog's bound on any one wait.
    /// </summary>
    public static TortureOptions Options(int seed, double virtualMs, TimeSpan waitBound, bool recordEvents = false) => new()
    {
        Cores = 2,
        Seed = seed,
        Deterministic = true,
        RecordEvents = recordEvents,
        Duration = TimeSpan.FromMilliseconds(virtualMs),
        StatInterval = TimeSpan.FromMilliseconds(virtualMs / 2),
        Stutter = TimeSpan.FromMilliseconds(virtualMs / 3),
        ShuffleInterval = TimeSpan.FromMilliseconds(virtualMs / 6),
        WaitBound = waitBound,
    };
}
