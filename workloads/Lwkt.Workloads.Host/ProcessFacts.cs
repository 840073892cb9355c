using System.Runtime;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Workloads.Host;

/// <summary>What the child reports in READY about itself: affinity, processor count, GC and JIT settings.</summary>
internal static class ProcessFacts
{
    /// <summary>The READY message for a cell whose canonical parameters are <paramref name="canonicalParams"/>.</summary>
    public static ReadyMessage Ready(string canonicalParams, string runtimeDescription) => new()
    {
        Pid = Environment.ProcessId,
        ProcessorCount = Environment.ProcessorCount,
        Affinity = Affinity(),
        DotnetVersion = Environment.Version.ToString(),
        GcMode = (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Interactive ? "-concurrent" : ""),
        TieredCompilation = TieredCompilation(),
        Params = canonicalParams,
        RuntimeDescription = runtimeDescription,
    };

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
