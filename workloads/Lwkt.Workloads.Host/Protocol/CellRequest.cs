namespace Lwkt.Workloads.Host.Protocol;

/// <summary>
/// One cell as the harness asks for it: the first line on the host's stdin in run mode (one JSON line), and the
/// elements of the plan request.
/// </summary>
internal sealed record CellRequest
{
    /// <summary>The workload's name.</summary>
    public required string Workload { get; init; }

    /// <summary>The runtime's name.</summary>
    public required string Runtime { get; init; }

    /// <summary>CPUs the runtime uses (the process is already pinned to that many).</summary>
    public required int Cores { get; init; }

    /// <summary>Workload threads.</summary>
    public required int Threads { get; init; }

    /// <summary>Workload parameters as the user gave them (defaults are filled in by the host).</summary>
    public Dictionary<string, string> Params { get; init; } = [];

    /// <summary>Measured time per iteration, milliseconds.</summary>
    public double DurationMs { get; init; }

    /// <summary>
    /// The fewest warm-up iterations, run and reported (phase <c>warmup</c>) but not measured. Warm-up goes on until
    /// the cell is steady (the JIT quiet, throughput no longer rising) or <see cref="WarmupMax"/> is reached.
    /// </summary>
    public int Warmup { get; init; }

    /// <summary>
    /// The most warm-up iterations (never below <see cref="Warmup"/>); null: the host's default cap. 0 with
    /// <see cref="Warmup"/> 0: measure cold, without warm-up and without a steady-state check.
    /// </summary>
    public int? WarmupMax { get; init; }

    /// <summary>Time per warm-up iteration, milliseconds; 0: the host's default (shorter than a measured one).</summary>
    public double WarmupDurationMs { get; init; }

    /// <summary>Measured iterations.</summary>
    public int Iterations { get; init; }

    /// <summary>
    /// The first measured iteration (1-based) of the trace window, or null for none: the child says
    /// <see cref="HostProtocol.TraceStart"/> before it and <see cref="HostProtocol.TraceStop"/> after
    /// <see cref="TraceLast"/>, and waits for <see cref="HostProtocol.Continue"/> each time.
    /// </summary>
    public int? TraceFirst { get; init; }

    /// <summary>The last measured iteration of the trace window (with <see cref="TraceFirst"/>).</summary>
    public int? TraceLast { get; init; }

    /// <summary>The seed of every random choice of the cell.</summary>
    public int Seed { get; init; }
}
