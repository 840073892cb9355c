using System.Runtime.InteropServices;

namespace Lwkt.Baselines.Native;

/// <summary>
/// CPU affinity of the calling OS thread through <c>sched_getaffinity</c>/<c>sched_setaffinity</c> with pid 0
/// (which Linux reads as "the calling thread", not the process). Used by the OS-thread runtimes for placement.
/// </summary>
public static unsafe partial class ThreadAffinity
{
    private const int Einval = 22;

    /// <summary>CPU sets beyond this many CPUs are refused (the kernel's own NR_CPUS limit is 8192).</summary>
    private const int MaxCpus = 8192;

    /// <summary>True on Linux; elsewhere the runtimes ignore placement and say so.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>
    /// The CPUs the calling thread may run on, ascending. Read it on the process's main (or an unpinned)
    /// thread to get the process's allowed set: a child thread inherits its creator's mask.
    /// </summary>
    public static int[] AllowedCpus()
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("CPU affinity needs Linux sched_getaffinity(2).");
        }

        for (int cpus = 1024; cpus <= MaxCpus; cpus *= 2)
        {
            ulong[] mask = new ulong[cpus / 64];
            fixed (ulong* bits = mask)
            {
                if (SchedGetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), bits) == 0)
                {
                    return ToList(mask);
                }
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != Einval)
            {
                throw new InvalidOperationException($"sched_getaffinity failed with errno {errno}.");
            }
        }

        throw new InvalidOperationException($"sched_getaffinity: the kernel's CPU set is larger than {MaxCpus} CPUs.");
    }

    /// <summary>Restricts the calling OS thread to the one host CPU <paramref name="cpu"/> (a CPU number, not an index).</summary>
    public static void PinCurrentThread(int cpu) => PinCurrentThread([cpu]);

    /// <summary>
    /// Restricts the calling OS thread to the host CPUs <paramref name="cpus"/> (CPU numbers; at least one): pins it to
    /// one CPU, or gives a thread pinned for a while its earlier set back.
    /// </summary>
    public static void PinCurrentThread(ReadOnlySpan<int> cpus)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("CPU affinity needs Linux sched_setaffinity(2).");
        }

        if (cpus.IsEmpty)
        {
            throw new ArgumentException("at least one CPU is needed", nameof(cpus));
        }

        int maxCpu = 0;
        foreach (int cpu in cpus)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cpu, nameof(cpus));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cpu, MaxCpus, nameof(cpus));
            maxCpu = Math.Max(maxCpu, cpu);
        }

        ulong[] mask = new ulong[Math.Max(16, (maxCpu / 64) + 1)];
        foreach (int cpu in cpus)
        {
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }

        fixed (ulong* bits = mask)
        {
            if (SchedSetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), bits) != 0)
            {
                throw new InvalidOperationException($"sched_setaffinity(CPUs {string.Join(',', cpus.ToArray())}) failed with errno {Marshal.GetLastPInvokeError()}.");
            }
        }
    }

    private static int[] ToList(ulong[] mask)
    {
        var cpus = new List<int>();
        for (int word = 0; word < mask.Length; word++)
        {
            for (int bit = 0; bit < 64; bit++)
            {
                if ((mask[word] & (1UL << bit)) != 0)
                {
                    cpus.Add((word * 64) + bit);
                }
            }
        }

        return [.. cpus];
    }

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nuint size, ulong* mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, ulong* mask);
}
