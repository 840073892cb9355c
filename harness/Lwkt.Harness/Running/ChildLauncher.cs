using System.Diagnostics;
using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Running;

/// <summary>
/// Starts a child process already restricted to a CPU set, so every thread it ever creates (runtime, GC, pool,
/// workload) sees only those CPUs and <c>Environment.ProcessorCount</c> is sized from them. Two ways, both setting
/// the mask before the child's first instruction: <c>taskset -c</c> (preferred; the mask is set between fork and
/// exec, nothing in the harness changes) or, where <c>taskset</c> is missing, a dedicated harness thread that pins
/// itself and starts the child, which inherits the thread's mask.
/// </summary>
internal static class ChildLauncher
{
    private static readonly string? s_taskset = FindTaskset();

    /// <summary>How children are pinned on this machine: <c>taskset</c> or <c>thread-affinity</c>.</summary>
    public static string Method => s_taskset is not null ? "taskset" : "thread-affinity";

    /// <summary>
    /// Starts <paramref name="start"/> pinned to <paramref name="cpus"/>. <paramref name="start"/>'s file name and
    /// arguments are the program to run; with <c>taskset</c> they are moved behind it.
    /// </summary>
    /// <param name="start">The child to start (redirections and environment already set).</param>
    /// <param name="cpus">The CPUs the child may use.</param>
    /// <param name="forceThreadAffinity">Use the thread method even where <c>taskset</c> exists (tests).</param>
    public static Process Start(ProcessStartInfo start, IReadOnlyList<int> cpus, bool forceThreadAffinity = false)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (s_taskset is not null && !forceThreadAffinity)
        {
            string program = start.FileName;
            string[] arguments = [.. start.ArgumentList];
            start.FileName = s_taskset;
            start.ArgumentList.Clear();
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(CpuList.Format(cpus));
            start.ArgumentList.Add(program);
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        }

        return StartFromPinnedThread(start, cpus);
    }

    private static Process StartFromPinnedThread(ProcessStartInfo start, IReadOnlyList<int> cpus)
    {
        if (!ThreadAffinity.IsSupported)
        {
            // No way to restrict the child before it starts; DOTNET_PROCESSOR_COUNT still sizes the runtime.
            return Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        }

        // The thread lives only for the fork: nothing else ever runs on it, so its narrowed mask touches no other
        // harness work. The harness has started a process before (the catalogue query), so the runtime's child-
        // reaping machinery already exists and is not created on this pinned thread.
        Process? child = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                ThreadAffinity.SetCurrentThread(cpus);
                child = Process.Start(start);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                error = ex;
            }
        })
        {
            IsBackground = true,
            Name = "lwkt-bench child launcher",
        };
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new InvalidOperationException($"cannot start {start.FileName}: {error.Message}", error);
        }

        return child ?? throw new InvalidOperationException($"cannot start {start.FileName}");
    }

    private static string? FindTaskset()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (string dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/bin", "/bin"]))
        {
            string candidate = Path.Combine(dir, "taskset");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
