namespace Lwkt.Workloads.Host.Protocol;

/// <summary>
/// The host's answer for one <see cref="CellRequest"/> in plan mode, in request order: the canonical parameter
/// string (the cell's key column), or why the cell is unsupported, or what is wrong with the request.
/// </summary>
internal sealed record PlanResult
{
    /// <summary>The canonical parameters (every parameter, defaults filled in, sorted by name, <c>k=v;k=v</c>).</summary>
    public string Params { get; init; } = "";

    /// <summary>Why the workload cannot run on the runtime; <see langword="null"/> when it can.</summary>
    public string? Unsupported { get; init; }

    /// <summary>What is wrong with the request (unknown name, bad parameter value); <see langword="null"/> when fine.</summary>
    public string? Error { get; init; }
}
