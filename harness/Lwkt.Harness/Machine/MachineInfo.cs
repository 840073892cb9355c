using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lwkt.Harness.Machine;

/// <summary>
/// What makes numbers from this machine comparable with numbers from another: CPU, SMT, VM, kernel, OS, the git
/// commit measured. Read once per run; every row and <c>env.json</c> carry it.
/// </summary>
public sealed record MachineInfo
{
    /// <summary>The host name.</summary>
    public required string Host { get; init; }

    /// <summary>The operating system (<c>PRETTY_NAME</c> of <c>/etc/os-release</c> where present).</summary>
    public required string Os { get; init; }

    /// <summary>The process architecture.</summary>
    public required string Arch { get; init; }

    /// <summary>The CPU model name.</summary>
    public required string CpuModel { get; init; }

    /// <summary>Online logical CPUs of the machine.</summary>
    public required int LogicalCpus { get; init; }

    /// <summary>Whether SMT (hyper-threading) is active; <see langword="null"/> when unknown.</summary>
    public required bool? Smt { get; init; }

    /// <summary>Whether the machine runs under a hypervisor; <see langword="null"/> when unknown.</summary>
    public required bool? IsVm { get; init; }

    /// <summary>The kernel release.</summary>
    public required string Kernel { get; init; }

    /// <summary>The CPUs the harness may use (its affinity, a CPU list).</summary>
    public required string AllowedCpus { get; init; }

    /// <summary>The git commit of the repository (with <c>-dirty</c> if the tree has changes); empty outside git.</summary>
    public required string GitSha { get; init; }

    /// <summary>The .NET version the harness runs on (the child reports its own).</summary>
    public required string HarnessDotnetVersion { get; init; }

    /// <summary>Collects the facts of the current machine; <paramref name="repositoryRoot"/> is where git runs.</summary>
    public static MachineInfo Collect(string repositoryRoot, CpuTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        string cpuInfo = ReadText("/proc/cpuinfo");
        return new MachineInfo
        {
            Host = Environment.MachineName,
            Os = OsName(),
            Arch = RuntimeInformation.ProcessArchitecture.ToString(),
            CpuModel = ReadCpuModel(cpuInfo),
            LogicalCpus = OnlineCpus(),
            Smt = ReadSmt(),
            IsVm = DetectVm(cpuInfo),
            Kernel = ReadText("/proc/sys/kernel/osrelease").Trim() is { Length: > 0 } k ? k : Environment.OSVersion.VersionString,
            AllowedCpus = CpuList.Format(topology.Allowed),
            GitSha = ReadGitSha(repositoryRoot),
            HarnessDotnetVersion = Environment.Version.ToString(),
        };
    }

    private static string OsName()
    {
        foreach (string line in ReadText("/etc/os-release").Split('\n'))
        {
            if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            {
                return line["PRETTY_NAME=".Length..].Trim('"');
            }
        }

        return RuntimeInformation.OSDescription;
    }

    private static string ReadCpuModel(string cpuInfo)
    {
        foreach (string key in new[] { "model name", "Hardware", "Processor", "cpu model", "uarch" })
        {
            foreach (string line in cpuInfo.Split('\n'))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim() == key)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }

        return "unknown";
    }

    private static int OnlineCpus()
    {
        string online = ReadText("/sys/devices/system/cpu/online").Trim();
        try
        {
            return online.Length > 0 ? CpuList.Parse(online).Count : Environment.ProcessorCount;
        }
        catch (FormatException)
        {
            return Environment.ProcessorCount;
        }
    }

    private static bool? ReadSmt()
    {
        string active = ReadText("/sys/devices/system/cpu/smt/active").Trim();
        if (active.Length > 0)
        {
            return active == "1";
        }

        string siblings = ReadText("/sys/devices/system/cpu/cpu0/topology/thread_siblings_list").Trim();
        try
        {
            return siblings.Length > 0 ? CpuList.Parse(siblings).Count > 1 : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool? DetectVm(string cpuInfo)
    {
        if (cpuInfo.Length == 0)
        {
            return null;
        }

        // x86 sets the "hypervisor" CPUID flag under every mainstream hypervisor; elsewhere look at sysfs.
        if (cpuInfo.Contains(" hypervisor", StringComparison.Ordinal) || File.Exists("/sys/hypervisor/type"))
        {
            return true;
        }

        string vendor = ReadText("/sys/class/dmi/id/sys_vendor");
        string[] vmVendors = ["QEMU", "KVM", "VMware", "Microsoft Corporation", "Xen", "innotek", "Amazon EC2", "Google"];
        return vmVendors.Any(v => vendor.Contains(v, StringComparison.OrdinalIgnoreCase));
    }

    private static string ReadGitSha(string repositoryRoot)
    {
        string? sha = RunGit(repositoryRoot, "rev-parse HEAD");
        if (string.IsNullOrEmpty(sha))
        {
            return "";
        }

        string? status = RunGit(repositoryRoot, "status --porcelain --untracked-files=no");
        return string.IsNullOrEmpty(status) ? sha : sha + "-dirty";
    }

    private static string? RunGit(string directory, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process? git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            string output = git.StandardOutput.ReadToEnd();
            git.StandardError.ReadToEnd();
            return git.WaitForExit(10_000) && git.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
