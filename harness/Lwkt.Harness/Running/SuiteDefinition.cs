namespace Lwkt.Harness.Running;

/// <summary>
/// A suite: which cells to run and how long. The built-in <c>quick</c> and <c>full</c> suites are instances; a user's
/// suite is a JSON file with the same fields in snake_case (see <c>README.md</c>). Counts use the command-line
/// syntax (<c>"1,all"</c>, <c>"sweep,2x,4x"</c>). A field left out of a file takes the <c>quick</c> suite's value;
/// a command-line option overrides the suite's field.
/// </summary>
public sealed record SuiteDefinition
{
    /// <summary>The suite's name, recorded in <c>env.json</c>.</summary>
    public string? Name { get; init; }

    /// <summary>What the suite is for (shown by <c>list</c>).</summary>
    public string? Description { get; init; }

    /// <summary>Workload names; empty or missing means every workload of the catalogue.</summary>
    public List<string>? Workloads { get; init; }

    /// <summary>Runtime names; empty or missing means every runtime.</summary>
    public List<string>? Runtimes { get; init; }

    /// <summary>Core counts (<c>"1,2,all"</c>, <c>"sweep"</c>).</summary>
    public string? Cores { get; init; }

    /// <summary>Thread counts (<c>"4"</c>, <c>"sweep,2x,4x"</c>).</summary>
    public string? Threads { get; init; }

    /// <summary>Per-workload thread counts that replace <see cref="Threads"/> for that workload.</summary>
    public Dictionary<string, string>? WorkloadThreads { get; init; }

    /// <summary>Workload parameters (<c>name → "v"</c> or <c>"v1,v2"</c>), applied to the workloads that have them.</summary>
    public Dictionary<string, string>? Params { get; init; }

    /// <summary>Measured time per iteration (<c>"150ms"</c>).</summary>
    public string? Duration { get; init; }

    /// <summary>Warm-up iterations per cell.</summary>
    public int? Warmup { get; init; }

    /// <summary>Measured iterations per cell.</summary>
    public int? Iterations { get; init; }
}
