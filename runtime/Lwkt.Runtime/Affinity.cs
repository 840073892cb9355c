using System.Runtime.InteropServices;

namespace Lwkt.Runtime;

/// <summary>
/// Pins the calling OS thread to one host CPU with sched_setaffinity(0, ...) (Linux): .NET has no per-thread
/// affinity API, and Process.ProcessorAffinity changes only the main thread. Elsewhere pinning is skipped.
/// </summary>
internal static partial class Affinity
{
    /// <summary>The host CPUs this process may run on, in order (the allowed set of the calling thread).</summary>
    public static int[] AllowedCpus()
    {
        if (OperatingSystem.IsLinux())
        {
            Span<ulong> mask = stackalloc ulong[16];
            if (SchedGetAffinity(0, (nint)(mask.Length * sizeof(ulong)), ref MemoryMarshal.GetReference(mask)) == 0)
            {
                var cpus = new List<int>();
                for (int i = 0; i < mask.Length * 64; i++)
                {
                    if ((mask[i / 64] & (1UL << (i % 64))) != 0)
                    {
                        cpus.Add(i);
                    }
                }

                return cpus.ToArray();
            }
        }

        return Enumerable.Range(0, Environment.ProcessorCount).ToArray();
    }

    /// <summary>Pins the calling thread to <paramref name="hostCpu"/>; returns false where that is not possible.</summary>
    public static bool PinCurrentThread(int hostCpu)
    {
        if (!OperatingSystem.IsLinux() || hostCpu < 0 || hostCpu >= 1024)
        {
            return false;
        }

        Span<ulong> mask = stackalloc ulong[16];
        mask[hostCpu / 64] = 1UL << (hostCpu % 64);
        return SchedSetAffinity(0, (nint)(mask.Length * sizeof(ulong)), ref MemoryMarshal.GetReference(mask)) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint size, ref ulong mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nint size, ref ulong mask);
}
