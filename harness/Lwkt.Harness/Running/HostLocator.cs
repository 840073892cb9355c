using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
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
    public static string FindHostDll() => FindBuiltDll(
        HostDllVariable, Path.Combine("workloads", "Lwkt.Workloads.Host"), HostDllName, "'dotnet build -c Release' at the repository root");

    /// <summary>
    /// A program built beside the harness: the path in <paramref name="variable"/> if set, else
    /// <c>&lt;project&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;/</c> in the repository (the harness's configuration
    /// first), else beside the harness.
    /// </summary>
    /// <param name="variable">Environment variable naming the dll explicitly.</param>
    /// <param name="project">The project folder, relative to the repository root.</param>
    /// <param name="dllName">The assembly's file name.</param>
    /// <param name="buildHint">How to build it, for the message when it is not found.</param>
    /// <exception cref="UsageException">Not found: the message says how to build it.</exception>
    public static string FindBuiltDll(string variable, string project, string dllName, string buildHint)
    {
        string? explicitPath = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath)
                ? Path.GetFullPath(explicitPath)
                : throw new UsageException($"{variable}={explicitPath}: no such file");
        }

        string? root = RepositoryPaths.FindRootFrom(AppContext.BaseDirectory) ?? RepositoryPaths.FindRoot();
        if (root is not null)
        {
            string tfm = new DirectoryInfo(AppContext.BaseDirectory).Name;
            string configuration = typeof(HostLocator).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            string binRoot = Path.Combine(root, project, "bin");
            string[] configurations = [configuration, configuration == "Release" ? "Debug" : "Release"];
            foreach (string config in configurations)
            {
                string candidate = Path.Combine(binRoot, config, tfm.StartsWith("net", StringComparison.Ordinal) ? tfm : "net10.0", dllName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        string beside = Path.Combine(AppContext.BaseDirectory, dllName);
        return File.Exists(beside)
            ? beside
            : throw new UsageException($"cannot find {dllName}: build it with {buildHint} (or set {variable})");
    }

    /// <summary>
    /// How to start the host in <paramref name="mode"/> for <paramref name="cores"/> CPUs: stdin, stdout and stderr
    /// redirected (UTF-8), and <c>DOTNET_PROCESSOR_COUNT</c> set so the child's runtime, thread pool and GC size
    /// themselves for the CPUs its affinity mask (<see cref="ChildLauncher"/>) allows.
    /// </summary>
    public static ProcessStartInfo HostStartInfo(string hostDll, string mode, int cores)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add(mode);
        start.Environment["DOTNET_PROCESSOR_COUNT"] = cores.ToString(CultureInfo.InvariantCulture);
        return start;
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
