using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Results;

/// <summary>
/// The content of <c>env.json</c>: what makes the run's numbers comparable with another run's (machine, OS, .NET,
/// GC mode, git commit) and exactly how it was asked for (the full options and the resolved plan).
/// </summary>
public sealed record RunEnvironment
{
    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>When the run started, UTC.</summary>
    public required DateTime StartedUtc { get; init; }

    /// <summary>When it ended (finished or interrupted), UTC; null while running.</summary>
    public DateTime? EndedUtc { get; init; }

    /// <summary>How it ended: <c>running</c>, <c>finished</c>, <c>interrupted</c>.</summary>
    public required string State { get; init; }

    /// <summary>The machine's facts.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>The child's .NET version (from its READY; null before any child ran).</summary>
    public string? ChildDotnetVersion { get; init; }

    /// <summary>The child's GC mode.</summary>
    public string? GcMode { get; init; }

    /// <summary>Whether the child ran with tiered compilation.</summary>
    public bool? TieredCompilation { get; init; }

    /// <summary>
    /// The child's JIT settings (<c>TieredCompilation=1;TieredPGO=1;TC_CallCountingDelayMs=0</c>): the harness sets
    /// the call-counting delay to 0 so warm-up reaches steady state quickly; tiering and dynamic PGO stay on.
    /// </summary>
    public string? JitConfig { get; init; }

    /// <summary>How children were pinned (<c>taskset</c> or <c>thread-affinity</c>).</summary>
    public required string AffinityMethod { get; init; }

    /// <summary>The command line as given (after <c>lwkt-bench</c>).</summary>
    public required IReadOnlyList<string> CommandLine { get; init; }

    /// <summary>Every option of <c>run</c> with its effective value.</summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>Cells in this run (this shard's) and in the whole matrix.</summary>
    public required int Cells { get; init; }

    /// <summary>Cells of the unsharded matrix.</summary>
    public required int MatrixCells { get; init; }

    /// <summary>Cells skipped because <c>--resume</c> found their rows.</summary>
    public int ResumedCells { get; init; }

    /// <summary>Whether every cell reached steady state (counted from <c>summary.csv</c>); null while running.</summary>
    public SteadyStateSummary? SteadyState { get; init; }

    /// <summary>For a merged result set: the <c>env.json</c> of each input, in order.</summary>
    public IReadOnlyList<RunEnvironment>? MergedFrom { get; init; }
}
