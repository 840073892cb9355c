using System.Reflection;
using Lwkt.Harness.Cli;

namespace Lwkt.Harness.Running;

/// <summary>
/// Finds the built child program (<c>Lwkt.Workloads.Host.dll</c>) and the <c>dotnet</c> muxer that runs it. The
/// harness project references the host project without its assembly, so building the harness builds the host in
/// its own <c>bin/&lt;Configuration&gt;/&lt;tfm&gt;/</c>; this looks there, preferring the harness's configuration,
/// which works alike under <c>dotnet run</c>, <c>dotnet test</c> and a built <c>lwkt-bench</c>.
/// </summary>
public static class HostLocator
{
    /// <summary>Environment variable naming the host dll explicitly (overrides the search).</summary>
    public const string HostDllVariable = "LWKT_HOST_DLL";

    /// <summary>The host's assembly file name.</summary>
    public const string HostDllName = "Lwkt.Workloads.Host.dll";

    /// <summary>The host dll to launch.</summary>
    /// <exception cref="UsageException">Not found: the message says how to build it.</exception>
    public static string FindHostDll()
    {
        string? explicitPath = Environment.GetEnvironmentVariable(HostDllVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath)
                ? Path.GetFullPath(explicitPath)
                : throw new UsageException($"{HostDllVariable}={explicitPath}: no such file");
        }

        string? root = RepositoryPaths.FindRootFrom(AppContext.BaseDirectory) ?? RepositoryPaths.FindRoot();
        if (root is not null)
        {
            string tfm = new DirectoryInfo(AppContext.BaseDirectory).Name;
            string configuration = typeof(HostLocator).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            string binRoot = Path.Combine(root, "workloads", "Lwkt.Workloads.Host", "bin");
            string[] configurations = [configuration, configuration == "Release" ? "Debug" : "Release"];
            foreach (string config in configurations)
            {
                string candidate = Path.Combine(binRoot, config, tfm.StartsWith("net", StringComparison.Ordinal) ? tfm : "net10.0", HostDllName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        string beside = Path.Combine(AppContext.BaseDirectory, HostDllName);
        return File.Exists(beside)
            ? beside
            : throw new UsageException(
                $"cannot find {HostDllName}: build it with 'dotnet build -c Release' at the repository root (or set {HostDllVariable})");
    }

    /// <summary>
    /// The <c>dotnet</c> executable: the SDK's own (<c>DOTNET_HOST_PATH</c>, set under <c>dotnet run</c>/<c>test</c>),
    /// the muxer running this process, or <c>dotnet</c> on the PATH.
    /// </summary>
    public static string DotnetExecutable()
    {
        string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        string? self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
