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

    /// <summary>Warm-up iterations, run and reported (marked) but not measured.</summary>
    public int Warmup { get; init; }

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
