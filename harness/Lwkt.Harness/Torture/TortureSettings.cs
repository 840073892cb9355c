using System.Globalization;
using Lwkt.Workloads.Host.Protocol;
using Lwkt.Workloads.Torture;

namespace Lwkt.Harness.Torture;

/// <summary>
/// The checked options of one <c>lwkt-bench torture</c> invocation: which runtimes, in which order, the torture settings
/// every runtime's child gets (<see cref="Options"/>, sent as <see cref="RequestFor"/>) and the limit on each child.
/// </summary>
public sealed record TortureSettings
{
    /// <summary>The busted control's runtime name (only torture knows it).</summary>
    public const string Busted = "busted";

    /// <summary>The runtime with a deterministic mode.</summary>
    public const string Lwkt = "lwkt";

    /// <summary>Runtimes to torture, one child each, in this order.</summary>
    public required IReadOnlyList<string> Runtimes { get; init; }

    /// <summary>The settings of each runtime's torture (its cores are also the CPUs its child may use).</summary>
    public required TortureOptions Options { get; init; }

    /// <summary>Hard limit per child, after which it is killed and counted as a failure (hung).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The limit a child gets: the given one, or the stress time (times 20 for deterministic runs, whose virtual time
    /// runs slower than the wall) plus two wait bounds plus a minute for start-up and the end.
    /// </summary>
    public TimeSpan EffectiveTimeout =>
        Timeout ?? (Options.Duration * (Options.Deterministic ? 20 : 1)) + (2 * Options.WaitBound) + TimeSpan.FromMinutes(1);

    /// <summary>The request the child of <paramref name="runtime"/> reads on stdin.</summary>
    internal TortureRequest RequestFor(string runtime) => new()
    {
        Runtime = runtime,
        Lock = LockName(Options.Lock),
        Cores = Options.Cores,
        DurationMs = Options.Duration.TotalMilliseconds,
        Seed = Options.Seed,
        StatIntervalMs = Options.StatInterval.TotalMilliseconds,
        Deterministic = Options.Deterministic,
        Writers = Options.Writers,
        Readers = Options.Readers,
        StutterMs = Options.Stutter.TotalMilliseconds,
        ShuffleIntervalMs = Options.ShuffleInterval.TotalMilliseconds,
        LongHoldMs = Options.LongHold.TotalMilliseconds,
        WaitBoundMs = Options.WaitBound.TotalMilliseconds,
    };

    /// <summary>One line naming what runs.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"torture of {string.Join(", ", Runtimes)}: {Options.Duration.TotalSeconds:0.###} s each{(Options.Deterministic ? " (virtual)" : "")}, {Options.Cores} core(s), seed {Options.Seed}, lock {LockName(Options.Lock)}{(Options.Deterministic ? ", deterministic" : "")}");

    /// <summary>The lock's name on the command line and in the request: <c>normal</c> or <c>busted</c>.</summary>
    public static string LockName(TortureLock kind) => kind.ToString().ToLowerInvariant();
}
