using System.Globalization;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// The settings of one torture run of one runtime (locktorture's module parameters; docs/architecture.md, Torture). Times are wall-clock
/// in a normal run and virtual (the LWKT runtime's seeded clock) in a <see cref="Deterministic"/> run.
/// </summary>
public sealed record TortureOptions
{
    /// <summary>CPUs of the runtime (virtual CPUs for <c>lwkt</c>).</summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>How long the stress threads run (locktorture: until unload / shutdown_secs).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seed of every random choice of every stress thread and, when deterministic, of the scheduler.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Period of the statistics lines (locktorture: stat_interval). Intervals of at least 2 s also check, from the second
    /// one on, that every thread completed an operation in each.
    /// </summary>
    public TimeSpan StatInterval { get; init; } = TortureDefaults.StatInterval;

    /// <summary>Runs <c>lwkt</c> deterministically: every virtual CPU interleaved on one OS thread by a seeded scheduler.</summary>
    public bool Deterministic { get; init; }

    /// <summary>In a deterministic run, keeps the scheduler's event log for <see cref="TortureResult.EventLog"/>.</summary>
    public bool RecordEvents { get; init; }

    /// <summary>The runtime's locks, or the busted control.</summary>
    public TortureLock Lock { get; init; } = TortureLock.Normal;

    /// <summary>Writers on the exclusive lock (locktorture: nwriters_stress; default 2 per core); also the rwlock's writers.</summary>
    public int? Writers { get; init; }

    /// <summary>Readers on the reader/writer lock (locktorture: nreaders_stress; default 1 per core).</summary>
    public int? Readers { get; init; }

    /// <summary>Run this long, then pause every stress thread for a quarter of it (locktorture: stutter); zero: off.</summary>
    public TimeSpan Stutter { get; init; } = TortureDefaults.Stutter;

    /// <summary>Move every stress thread to a random CPU this often (locktorture: shuffle_interval); zero: off.</summary>
    public TimeSpan ShuffleInterval { get; init; } = TortureDefaults.ShuffleInterval;

    /// <summary>An occasional long hold of the lock, to force massive contention (locktorture: long_hold).</summary>
    public TimeSpan LongHold { get; init; } = TortureDefaults.LongHold;

    /// <summary>
    /// The watchdog's bound on any one wait or phase of a stress thread (acquire, wait, call, stutter, ...): beyond
    /// it the run fails as a hang or lost wakeup, with a dump of every thread.
    /// </summary>
    public TimeSpan WaitBound { get; init; } = TortureDefaults.WaitBound;

    /// <summary>Stop at the first failure (the default) instead of running the whole duration.</summary>
    public bool StopOnFailure { get; init; } = true;

    /// <summary>The exclusive lock's writers this run uses.</summary>
    public int EffectiveWriters => Writers ?? 2 * Cores;

    /// <summary>The reader/writer lock's readers this run uses.</summary>
    public int EffectiveReaders => Readers ?? Cores;

    /// <summary>Checks every value; throws <see cref="ArgumentException"/> with a one-line message naming the bad one.</summary>
    public void Validate()
    {
        Require(Cores >= 1, $"cores {Cores} must be at least 1");
        Require(Duration > TimeSpan.Zero, "duration must be positive");
        Require(StatInterval > TimeSpan.Zero, "stat interval must be positive");
        Require(Stutter >= TimeSpan.Zero, "stutter must not be negative");
        Require(ShuffleInterval >= TimeSpan.Zero, "shuffle interval must not be negative");
        Require(LongHold >= TimeSpan.Zero, "long hold must not be negative");
        Require(WaitBound >= TimeSpan.FromMilliseconds(100), "wait bound must be at least 100 ms");
        Require(Stutter / 4 < WaitBound, "the stutter pause (a quarter of --stutter) must be shorter than the wait bound");
        Require(Writers is null or >= 1 and <= 4096, $"writers {Writers} must be in 1..4096");
        Require(Readers is null or >= 0 and <= 4096, $"readers {Readers} must be in 0..4096");
    }

    /// <summary>The parameter line of the run's header and end line (locktorture prints its parameters too).</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"cores={Cores} writers={EffectiveWriters} readers={EffectiveReaders} duration={Seconds(Duration)} seed={Seed} " +
        $"stat-interval={Seconds(StatInterval)} stutter={Seconds(Stutter)} shuffle={Seconds(ShuffleInterval)} " +
        $"long-hold={Seconds(LongHold)} wait-bound={Seconds(WaitBound)} lock={Lock.ToString().ToLowerInvariant()} " +
        $"mode={(Deterministic ? "deterministic" : "real-time")}");

    internal static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###}s");

    private static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }
}
