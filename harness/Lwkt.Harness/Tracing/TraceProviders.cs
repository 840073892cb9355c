using System.Diagnostics.Tracing;
using Lwkt.Harness.Running;
using Microsoft.Diagnostics.NETCore.Client;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// What each <c>--trace</c> profile enables (docs/architecture.md, Traces; keyword values from TraceEvent's ClrTraceEventParser.Keywords). Every profile
/// asks for the default rundown, written when the session stops, so method names resolve in PerfView and dotnet-trace.
/// </summary>
public static class TraceProviders
{
    /// <summary>The CLR's provider.</summary>
    public const string ClrProvider = "Microsoft-Windows-DotNETRuntime";

    /// <summary>The sampling profiler: every managed thread's stack each millisecond.</summary>
    public const string SampleProfilerProvider = "Microsoft-DotNETCore-SampleProfiler";

    /// <summary>The LWKT runtime's provider (<c>Lwkt.Runtime.Diagnostics.LwktEventSource</c>).</summary>
    public const string LwktProvider = "Lwkt-Runtime";

    /// <summary>The baselines' lock contention provider (<c>Lwkt.Baselines.Diagnostics.BaselineEventSource</c>).</summary>
    public const string BaselinesProvider = "Lwkt-Baselines";

    /// <summary>CLR keywords: GC (0x1), Contention (0x4000), Threading (0x10000: thread pool), Exception (0x8000).</summary>
    public const long RuntimeKeywords = 0x1 | 0x4000 | 0x8000 | 0x10000;

    /// <summary>CLR keywords of the cpu profile: Loader (0x8) and Jit (0x10), so methods compiled while sampling are named.</summary>
    public const long CpuKeywords = 0x8 | 0x10;

    /// <summary>The providers of <paramref name="profile"/>; empty for <see cref="TraceProfile.Off"/>.</summary>
    public static IReadOnlyList<EventPipeProvider> For(TraceProfile profile)
    {
        var providers = new List<EventPipeProvider>();
        bool runtime = profile is TraceProfile.Runtime or TraceProfile.Full;
        bool cpu = profile is TraceProfile.Cpu or TraceProfile.Full;
        bool lwkt = profile is TraceProfile.Lwkt or TraceProfile.Full;
        long clrKeywords = (runtime ? RuntimeKeywords : 0) | (cpu ? CpuKeywords : 0);
        if (clrKeywords != 0)
        {
            providers.Add(new EventPipeProvider(ClrProvider, EventLevel.Informational, clrKeywords));
        }

        if (cpu)
        {
            providers.Add(new EventPipeProvider(SampleProfilerProvider, EventLevel.Informational));
        }

        if (lwkt)
        {
            // Verbose: switches, IPIs, messages and sleeps are Verbose events; all keywords.
            providers.Add(new EventPipeProvider(LwktProvider, EventLevel.Verbose, -1));
            providers.Add(new EventPipeProvider(BaselinesProvider, EventLevel.Verbose, -1));
        }

        return providers;
    }

    /// <summary>
    /// Whether events carry stacks. The lwkt profile alone does without: its switch and IPI events come at millions
    /// a second, and a stack walk each would cost more than the event.
    /// </summary>
    public static bool WantsStacks(TraceProfile profile) => profile is not TraceProfile.Lwkt;
}
