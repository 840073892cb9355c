using System.Runtime.InteropServices;

namespace Lwkt.Harness.Machine;

/// <summary>
/// <c>sched_setaffinity(2)</c> on the calling thread (pid 0 = this thread on Linux). A process started from that
/// thread inherits its mask before its first instruction, which is how the harness pins a child without
/// <c>taskset</c>. .NET has no per-thread affinity API, and <c>Process.ProcessorAffinity</c> set after start pins
/// only the child's main thread (docs/architecture.md, .NET platform facts).
/// </summary>
internal static partial class ThreadAffinity
{
    /// <summary>Whether the calls work here (Linux only).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Restricts the calling thread to <paramref name="cpus"/>.</summary>
    /// <exception cref="InvalidOperationException">The kernel refused (a CPU outside the allowed set).</exception>
    public static void SetCurrentThread(IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        int maxCpu = cpus.Count == 0 ? 0 : cpus.Max();
        byte[] mask = new byte[Math.Max(128, (maxCpu / 64 + 1) * 8)];
        foreach (int cpu in cpus)
        {
            mask[cpu / 8] |= (byte)(1 << (cpu % 8));
        }

        if (SchedSetAffinity(0, mask.Length, mask) != 0)
        {
            throw new InvalidOperationException(
                $"sched_setaffinity({CpuList.Format(cpus)}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint cpuSetSize, byte[] mask);
}
