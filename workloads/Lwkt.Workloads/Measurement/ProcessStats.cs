using System.Globalization;
using System.Runtime.InteropServices;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// Whole-process figures read around an iteration: CPU time and context switches from getrusage(RUSAGE_SELF)
/// (microsecond resolution, unlike the clock ticks of /proc/self/stat), GC count and allocated bytes, and the
/// peak RSS (VmHWM of /proc/self/status). Figures the platform lacks read as zero.
/// </summary>
internal readonly partial record struct ProcessStats(
    double UserSeconds,
    double SysSeconds,
    long Voluntary,
    long Involuntary,
    long GcCount,
    long AllocatedBytes)
{
    private const int RusageSelf = 0;

    /// <summary>Reads the current figures.</summary>
    public static ProcessStats Read()
    {
        long gcs = GC.CollectionCount(0);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        if (!OperatingSystem.IsLinux() || GetRUsage(RusageSelf, out RUsage usage) != 0)
        {
            TimeSpan cpu = Environment.CpuUsage.UserTime;
            return new ProcessStats(cpu.TotalSeconds, Environment.CpuUsage.PrivilegedTime.TotalSeconds, 0, 0, gcs, allocated);
        }

        return new ProcessStats(
            usage.UserSeconds + (usage.UserMicroseconds / 1e6),
            usage.SystemSeconds + (usage.SystemMicroseconds / 1e6),
            usage.VoluntarySwitches,
            usage.InvoluntarySwitches,
            gcs,
            allocated);
    }

    /// <summary>The difference <paramref name="after"/> minus <paramref name="before"/>.</summary>
    public static ProcessStats operator -(ProcessStats after, ProcessStats before) => new(
        after.UserSeconds - before.UserSeconds,
        after.SysSeconds - before.SysSeconds,
        after.Voluntary - before.Voluntary,
        after.Involuntary - before.Involuntary,
        after.GcCount - before.GcCount,
        after.AllocatedBytes - before.AllocatedBytes);

    /// <summary>Subtraction for languages without operators.</summary>
    public static ProcessStats Subtract(ProcessStats after, ProcessStats before) => after - before;

    /// <summary>
    /// Resets the kernel's peak-RSS mark (writing 5 to /proc/self/clear_refs, Linux 4.0+) so the next
    /// <see cref="PeakRssBytes"/> is the iteration's own peak; returns false where that is not allowed.
    /// </summary>
    public static bool ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in bytes (VmHWM), 0 where /proc is missing.</summary>
    public static long PeakRssBytes() => ReadStatusKb("VmHWM:") * 1024;

    /// <summary>Current resident set size in bytes (VmRSS), 0 where /proc is missing.</summary>
    public static long RssBytes() => ReadStatusKb("VmRSS:") * 1024;

    private static long ReadStatusKb(string key)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    string[] parts = line[key.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }

        return 0;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRUsage(int who, out RUsage usage);

    /// <summary>struct rusage on 64-bit Linux (x64 and arm64): two timevals then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss;
        public long SharedMemory;
        public long UnsharedData;
        public long UnsharedStack;
        public long MinorFaults;
        public long MajorFaults;
        public long Swaps;
        public long BlockInputs;
        public long BlockOutputs;
        public long MessagesSent;
        public long MessagesReceived;
        public long Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }
}
