namespace Lwkt.Workloads.Host.Protocol;

/// <summary>
/// The payload of <c>READY</c>: facts about the child process the rows record. Positional, so the one place that
/// builds it (<c>ProcessFacts.Ready</c>) cannot leave a fact out.
/// </summary>
/// <param name="Pid">The child's process id (for diagnostics sessions).</param>
/// <param name="ProcessorCount"><c>Environment.ProcessorCount</c> in the child (set from <c>DOTNET_PROCESSOR_COUNT</c>).</param>
/// <param name="Affinity">The CPUs the child's main thread may run on, as a CPU list (<c>0-1</c>).</param>
/// <param name="DotnetVersion">The child's .NET version.</param>
/// <param name="GcMode"><c>workstation</c> or <c>server</c>, with <c>-concurrent</c> when background GC is on.</param>
/// <param name="TieredCompilation">Whether tiered compilation is on.</param>
/// <param name="JitConfig">
/// The JIT configuration the child ran with, as <c>name=value;…</c> of the runtime's settings:
/// <c>TieredCompilation</c>, <c>TieredPGO</c>, <c>TC_CallCountingDelayMs</c>.
/// </param>
/// <param name="Params">The canonical parameter string of the cell (defaults filled in, sorted).</param>
/// <param name="RuntimeDescription">The runtime's own description (placement support, emulation).</param>
internal sealed record ReadyMessage(
    int Pid,
    int ProcessorCount,
    string Affinity,
    string DotnetVersion,
    string GcMode,
    bool TieredCompilation,
    string JitConfig,
    string Params,
    string RuntimeDescription);
