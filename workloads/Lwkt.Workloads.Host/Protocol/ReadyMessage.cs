namespace Lwkt.Workloads.Host.Protocol;

/// <summary>The payload of <c>READY</c>: facts about the child process the rows record.</summary>
internal sealed record ReadyMessage
{
    /// <summary>The child's process id (for diagnostics sessions).</summary>
    public int Pid { get; init; }

    /// <summary><c>Environment.ProcessorCount</c> in the child (set from <c>DOTNET_PROCESSOR_COUNT</c>).</summary>
    public int ProcessorCount { get; init; }

    /// <summary>The CPUs the child's main thread may run on, as a CPU list (<c>0-1</c>).</summary>
    public string Affinity { get; init; } = "";

    /// <summary>The child's .NET version.</summary>
    public string DotnetVersion { get; init; } = "";

    /// <summary><c>workstation</c> or <c>server</c>, with <c>-concurrent</c> when background GC is on.</summary>
    public string GcMode { get; init; } = "";

    /// <summary>Whether tiered compilation is on.</summary>
    public bool TieredCompilation { get; init; }

    /// <summary>
    /// The JIT configuration the child ran with, as <c>name=value;…</c> of the runtime's settings:
    /// <c>TieredCompilation</c>, <c>TieredPGO</c>, <c>TC_CallCountingDelayMs</c>.
    /// </summary>
    public string JitConfig { get; init; } = "";

    /// <summary>The canonical parameter string of the cell (defaults filled in, sorted).</summary>
    public string Params { get; init; } = "";

    /// <summary>The runtime's own description (placement support, emulation).</summary>
    public string RuntimeDescription { get; init; } = "";
}
