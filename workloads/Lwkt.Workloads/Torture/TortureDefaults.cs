namespace Lwkt.Workloads.Torture;

/// <summary>
/// The default torture settings (locktorture's module-parameter defaults where it has them), one definition for the
/// host's <see cref="TortureOptions"/> and the harness's <c>torture</c> command, which compiles this file too.
/// </summary>
public static class TortureDefaults
{
    /// <summary>How often the statistics line is printed: 10 s (locktorture: stat_interval 60 s, shortened for CI runs).</summary>
    public static readonly TimeSpan StatInterval = TimeSpan.FromSeconds(10);

    /// <summary>Run this long, then pause every stress thread for a quarter of it: 2 s (locktorture: stutter 5 s).</summary>
    public static readonly TimeSpan Stutter = TimeSpan.FromSeconds(2);

    /// <summary>Move every stress thread to a random CPU this often: 1 s (locktorture: shuffle_interval 3 s).</summary>
    public static readonly TimeSpan ShuffleInterval = TimeSpan.FromSeconds(1);

    /// <summary>The occasional long hold of the lock: 20 ms (locktorture's long_hold is 100 ms).</summary>
    public static readonly TimeSpan LongHold = TimeSpan.FromMilliseconds(20);

    /// <summary>The watchdog's bound on any one wait or phase of a stress thread: 10 s.</summary>
    public static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(10);
}
