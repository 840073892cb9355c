using System.Globalization;
using Lwkt.Workloads.Host.Protocol;
using Lwkt.Workloads.Torture;

namespace Lwkt.Harness.Torture;

/// <summary>
/// The checked options of one <c>lwkt-bench torture</c> invocation: which runtimes, in which order, and the settings
/// every runtime's child gets (<see cref="RequestFor"/>).
/// </summary>
public sealed record TortureSettings
{
    /// <summary>The busted control's runtime name (only torture knows it).</summary>
    public const string Busted = "busted";

    /// <summary>The runtime with a deterministic mode.</summary>
    public const string Lwkt = "lwkt";

    /// <summary>Runtimes to torture, one child each, in this order.</summary>
    public required IReadOnlyList<string> Runtimes { get; init; }

    /// <summary><c>normal</c> or <c>busted</c>.</summary>
    public string Lock { get; init; } = "normal";

    /// <summary>CPUs each child may use (and the runtime's core count).</summary>
    public required int Cores { get; init; }

    /// <summary>Stress time per runtime (virtual when deterministic).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seed of every random choice (and of the deterministic scheduler).</summary>
    public required int Seed { get; init; }

    /// <summary>Statistics period.</summary>
    public TimeSpan StatInterval { get; init; } = TortureDefaults.StatInterval;

    /// <summary>lwkt on one OS thread under a seeded scheduler.</summary>
    public bool Deterministic { get; init; }

    /// <summary>Writers on the exclusive lock (null: 2 per core).</summary>
    public int? Writers { get; init; }

    /// <summary>Readers on the reader/writer lock (null: 1 per core).</summary>
    public int? Readers { get; init; }

    /// <summary>Stutter period; zero is off.</summary>
    public TimeSpan Stutter { get; init; } = TortureDefaults.Stutter;

    /// <summary>Shuffle period; zero is off.</summary>
    public TimeSpan ShuffleInterval { get; init; } = TortureDefaults.ShuffleInterval;

    /// <summary>The occasional long hold.</summary>
    public TimeSpan LongHold { get; init; } = TortureDefaults.LongHold;

    /// <summary>The watchdog's bound on any one wait.</summary>
    public TimeSpan WaitBound { get; init; } = TortureDefaults.WaitBound;

    /// <summary>Hard limit per child, after which it is killed and counted as a failure (hung).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The limit a child gets: the given one, or the stress time (times 20 for deterministic runs, whose virtual time
    /// runs slower than the wall) plus two wait bounds plus a minute for start-up and the end.
    /// </summary>
    public TimeSpan EffectiveTimeout => Timeout ?? (Duration * (Deterministic ? 20 : 1)) + (2 * WaitBound) + TimeSpan.FromMinutes(1);

    /// <summary>The request the child of <paramref name="runtime"/> reads on stdin.</summary>
    internal TortureRequest RequestFor(string runtime) => new()
    {
        Runtime = runtime,
        Lock = Lock,
        Cores = Cores,
        DurationMs = Duration.TotalMilliseconds,
        Seed = Seed,
        StatIntervalMs = StatInterval.TotalMilliseconds,
        Deterministic = Deterministic,
        Writers = Writers,
        Readers = Readers,
        StutterMs = Stutter.TotalMilliseconds,
        ShuffleIntervalMs = ShuffleInterval.TotalMilliseconds,
        LongHoldMs = LongHold.TotalMilliseconds,
        WaitBoundMs = WaitBound.TotalMilliseconds,
    };

    /// <summary>One line naming what runs.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"torture of {string.Join(", ", Runtimes)}: {Duration.TotalSeconds:0.###} s each{(Deterministic ? " (virtual)" : "")}, {Cores} core(s), seed {Seed}, lock {Lock}{(Deterministic ? ", deterministic" : "")}");
}
