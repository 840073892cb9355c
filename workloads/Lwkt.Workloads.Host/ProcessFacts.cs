using System.Runtime;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Workloads.Host;

/// <summary>What the child reports in READY about itself: affinity, processor count, GC and JIT settings.</summary>
internal static class ProcessFacts
{
    /// <summary>The READY message for a cell whose canonical parameters are <paramref name="canonicalParams"/>.</summary>
    public static ReadyMessage Ready(string canonicalParams, string runtimeDescription) => new(
        Pid: Environment.ProcessId,
        ProcessorCount: Environment.ProcessorCount,
        Affinity: Affinity(),
        DotnetVersion: Environment.Version.ToString(),
        GcMode: (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Interactive ? "-concurrent" : ""),
        TieredCompilation: TieredCompilation(),
        JitConfig: JitConfig(),
        Params: canonicalParams,
        RuntimeDescription: runtimeDescription);

    /// <summary>The main thread's allowed CPUs (<c>Cpus_allowed_list</c> of <c>/proc/self/status</c>); empty off Linux.</summary>
    public static string Affinity()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
                {
                    return line["Cpus_allowed_list:".Length..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return "";
    }

    /// <summary>
    /// The JIT settings that decide which code is measured, as <c>name=value;…</c>: tiering and dynamic PGO (on
    /// unless disabled) and the call-counting delay (100 ms unless set; the harness sets 0, so hot methods reach
    /// tier 1 after their first 30 calls instead of after the process has been quiet for the delay).
    /// </summary>
    public static string JitConfig()
    {
        string pgo = Environment.GetEnvironmentVariable("DOTNET_TieredPGO") is "0" ? "0" : "1";
        string delay = Environment.GetEnvironmentVariable(HostProtocol.CallCountingDelayVariable) is { Length: > 0 } d ? d : DefaultCallCountingDelayMs;
        return $"TieredCompilation={(TieredCompilation() ? 1 : 0)};TieredPGO={pgo};TC_CallCountingDelayMs={delay}";
    }

    /// <summary>The runtime's default call-counting delay (clrconfigvalues.h, <c>TC_CallCountingDelayMs</c>).</summary>
    private const string DefaultCallCountingDelayMs = "100";

    private static bool TieredCompilation()
    {
        string? variable = Environment.GetEnvironmentVariable("DOTNET_TieredCompilation");
        if (variable is not null)
        {
            return variable != "0";
        }

        return AppContext.GetData("System.Runtime.TieredCompilation") is not (false or "false" or "False");
    }
}
