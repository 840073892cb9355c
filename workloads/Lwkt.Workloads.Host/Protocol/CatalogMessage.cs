namespace Lwkt.Workloads.Host.Protocol;

/// <summary>The host's catalogue (<c>catalog</c> mode): what <c>lwkt-bench list</c> shows and what names are valid.</summary>
internal sealed record CatalogMessage
{
    /// <summary>The workloads, in catalogue order.</summary>
    public List<CatalogWorkload> Workloads { get; init; } = [];

    /// <summary>The runtimes, in catalogue order.</summary>
    public List<CatalogRuntime> Runtimes { get; init; } = [];
}

/// <summary>A workload of the catalogue.</summary>
internal sealed record CatalogWorkload
{
    /// <summary>The name.</summary>
    public string Name { get; init; } = "";

    /// <summary>What it measures.</summary>
    public string Description { get; init; } = "";

    /// <summary>Its parameters with defaults.</summary>
    public List<CatalogParameter> Parameters { get; init; } = [];

    /// <summary>Runtime name → why the workload cannot run there (only the unsupported ones).</summary>
    public Dictionary<string, string> Unsupported { get; init; } = [];
}

/// <summary>A parameter of a workload.</summary>
internal sealed record CatalogParameter
{
    /// <summary>The name used in <c>--param name=value</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>The default value.</summary>
    public string Default { get; init; } = "";

    /// <summary>The unit or the accepted choices.</summary>
    public string Unit { get; init; } = "";

    /// <summary>What it controls.</summary>
    public string Description { get; init; } = "";
}

/// <summary>A runtime of the catalogue.</summary>
internal sealed record CatalogRuntime
{
    /// <summary>The name.</summary>
    public string Name { get; init; } = "";

    /// <summary>What it is.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// A floor (<c>async-floor</c>), not a runtime to compare: it runs only the workload it is the floor of (its cells of
    /// other workloads are unsupported), and torture leaves it out.
    /// </summary>
    public bool Floor { get; init; }
}
