using Lwkt.Harness.Cli;

namespace Lwkt.Harness.Running;

/// <summary>
/// The options of <c>run</c> as given (docs/architecture.md, A run), parsed into their types once by the command line.
/// Null means "not given: the suite decides". <see cref="RunPlanner"/> resolves them against the suite, the catalogue
/// and the machine.
/// </summary>
public sealed record RunOptions
{
    /// <summary>The default seed: fixed, so two runs of the same commit make the same random choices.</summary>
    public const int DefaultSeed = 42;

    /// <summary><c>--suite</c>: <c>quick</c>, <c>full</c> or a JSON file.</summary>
    public string Suite { get; init; } = "quick";

    /// <summary><c>--workloads</c>: names (or <c>all</c>).</summary>
    public IReadOnlyList<string>? Workloads { get; init; }

    /// <summary><c>--runtimes</c>: names (or <c>all</c>).</summary>
    public IReadOnlyList<string>? Runtimes { get; init; }

    /// <summary><c>--cores</c>: <c>1,2,all</c>, <c>sweep</c>.</summary>
    public CoreSelection? Cores { get; init; }

    /// <summary><c>--threads</c>: <c>4</c>, <c>1,64,2x</c>, <c>sweep</c>.</summary>
    public IReadOnlyList<ThreadCount>? Threads { get; init; }

    /// <summary><c>--param</c>: <c>name=value</c> or <c>name=v1,v2</c>, repeatable.</summary>
    public IReadOnlyList<ParameterSweep> Params { get; init; } = [];

    /// <summary><c>--duration</c>: measured time per iteration.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary><c>--warmup</c>: the fewest warm-up iterations per cell.</summary>
    public int? Warmup { get; init; }

    /// <summary><c>--warmup-max</c>: the most warm-up iterations per cell; null for the host's default.</summary>
    public int? WarmupMax { get; init; }

    /// <summary><c>--iterations</c>: measured iterations per cell.</summary>
    public int? Iterations { get; init; }

    /// <summary><c>--launches</c>: child processes per cell, interleaved over the run, their iterations pooled.</summary>
    public int Launches { get; init; } = 1;

    /// <summary><c>--trace</c>.</summary>
    public TraceProfile Trace { get; init; } = TraceProfile.Off;

    /// <summary><c>--trace-window</c> as given (<c>all</c>, <c>last</c>, <c>N</c>, <c>A-B</c>), resolved against the iterations by the planner.</summary>
    public string? TraceWindow { get; init; }

    /// <summary><c>--out</c>: the run folder (files go directly into it).</summary>
    public string? Out { get; init; }

    /// <summary><c>--shard I/N</c>.</summary>
    public (int Index, int Count)? Shard { get; init; }

    /// <summary><c>--seed</c>.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary><c>--timeout</c>: per-cell limit; null for the default (<see cref="RunPlanner.DefaultTimeout"/>).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary><c>--resume</c>: skip cells whose rows are already in <c>--out</c>'s results.csv.</summary>
    public bool Resume { get; init; }

    /// <summary><c>--floor</c>: probe the cross-CPU floor just before and after every launch of a cell on two cores or more.</summary>
    public bool Floor { get; init; }

    /// <summary>Extra environment for every child (tests only: fault injection).</summary>
    internal IReadOnlyDictionary<string, string>? ChildEnvironment { get; init; }

    /// <summary>Pin children from a pinned thread even where taskset exists (tests only).</summary>
    internal bool ForceThreadAffinity { get; init; }
}
