using System.Globalization;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// The CPU time spent on a set of host CPUs (the CPUs a cell's child is pinned to), from the per-CPU lines of
/// <c>/proc/stat</c>: busy time (user, nice, system, irq, softirq; guest time is inside user) and the time the
/// hypervisor ran something else on them (steal). Read around an iteration and compared with the process's own CPU
/// time, it says how much of the cell's CPUs other work took: other processes, the kernel's own threads, the host.
/// </summary>
/// <remarks>
/// <para>Why: on the 2-core VM, iterations of the same cell swung by 2× (counter, 2 cores: 4.8, 4.8, 2.2, 1.9,
/// 2.9 M ops/s, and an os-monitor cell beside it the same way at the same time) with no JIT activity; the cause was
/// outside the child. Without this figure such a dip looks like a property of the runtime under test.</para>
/// <para>Resolution: <c>/proc/stat</c> counts in USER_HZ ticks (100 per second on Linux, whatever the kernel's own
/// HZ), so each CPU's figure is ±10 ms; callers compare against a margin of <see cref="TickSeconds"/> per CPU.</para>
/// <para>Caller: any thread; a read costs one small file read (~20 µs), taken outside the measured run.</para>
/// </remarks>
internal readonly record struct CpuInterference(double BusySeconds, double StealSeconds)
{
    /// <summary>One <c>/proc/stat</c> tick: USER_HZ is 100 on every Linux architecture (the ABI fixes it).</summary>
    public const double TickSeconds = 0.01;

    /// <summary>Reads the busy and steal time of <paramref name="cpus"/> so far; zeros where <c>/proc/stat</c> is missing.</summary>
    public static CpuInterference Read(IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (!OperatingSystem.IsLinux())
        {
            return default;
        }

        try
        {
            return Parse(File.ReadLines("/proc/stat"), cpus);
        }
        catch (IOException)
        {
            return default;
        }
    }

    /// <summary>The busy and steal time of <paramref name="cpus"/> in <c>/proc/stat</c> text (its lines).</summary>
    internal static CpuInterference Parse(IEnumerable<string> lines, IReadOnlyList<int> cpus)
    {
        long busy = 0;
        long steal = 0;
        foreach (string line in lines)
        {
            // The cpu lines come first: "cpu" (the sum, skipped), then "cpuN user nice system idle iowait irq
            // softirq steal guest guest_nice" for each CPU.
            if (!line.StartsWith("cpu", StringComparison.Ordinal))
            {
                break;
            }

            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 9 || fields[0].Length < 4
                || !int.TryParse(fields[0].AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) || !Contains(cpus, cpu))
            {
                continue;
            }

            busy += Field(fields, 1) + Field(fields, 2) + Field(fields, 3) + Field(fields, 6) + Field(fields, 7);
            steal += Field(fields, 8);
        }

        return new CpuInterference(busy * TickSeconds, steal * TickSeconds);
    }

    /// <summary>The difference <paramref name="after"/> minus <paramref name="before"/>.</summary>
    public static CpuInterference operator -(CpuInterference after, CpuInterference before) =>
        new(after.BusySeconds - before.BusySeconds, after.StealSeconds - before.StealSeconds);

    /// <summary>Subtraction for languages without operators.</summary>
    public static CpuInterference Subtract(CpuInterference after, CpuInterference before) => after - before;

    /// <summary>
    /// The share of the CPUs' capacity over <paramref name="wallSeconds"/> (× <paramref name="cpuCount"/>) that went
    /// to anything but this process: busy time not explained by <paramref name="ownCpuSeconds"/>, plus steal, less one
    /// tick per CPU of reading error; 0 or more, 0 when nothing can be said.
    /// </summary>
    public double ForeignShare(double ownCpuSeconds, double wallSeconds, int cpuCount)
    {
        if (wallSeconds <= 0 || cpuCount <= 0)
        {
            return 0;
        }

        double foreign = BusySeconds - ownCpuSeconds + StealSeconds - (TickSeconds * cpuCount);
        return Math.Max(0, foreign / (wallSeconds * cpuCount));
    }

    private static long Field(string[] fields, int index) =>
        index < fields.Length && long.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : 0;

    private static bool Contains(IReadOnlyList<int> cpus, int cpu)
    {
        for (int i = 0; i < cpus.Count; i++)
        {
            if (cpus[i] == cpu)
            {
                return true;
            }
        }

        return false;
    }
}
