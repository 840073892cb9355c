using System.Globalization;

namespace Lwkt.Harness.Machine;

/// <summary>
/// The CPUs this process may use and the order in which cells take them: the first <c>k</c> CPUs of
/// <see cref="PlacementOrder"/> are the CPUs of a <c>cores=k</c> cell. The order puts one hardware thread of every
/// physical core before any SMT sibling, so <c>cores=2</c> means two real cores where the machine has them.
/// </summary>
public sealed class CpuTopology
{
    private CpuTopology(IReadOnlyList<int> allowed, IReadOnlyList<int> placementOrder)
    {
        Allowed = allowed;
        PlacementOrder = placementOrder;
    }

    /// <summary>The CPUs the harness may run on (its affinity mask), ascending.</summary>
    public IReadOnlyList<int> Allowed { get; }

    /// <summary><see cref="Allowed"/> ordered for placement: distinct physical cores first, then siblings.</summary>
    public IReadOnlyList<int> PlacementOrder { get; }

    /// <summary>How many CPUs a cell may ask for (<c>--cores all</c>).</summary>
    public int Count => Allowed.Count;

    /// <summary>Reads the current process's allowed CPUs and the core topology from procfs and sysfs.</summary>
    public static CpuTopology Current()
    {
        IReadOnlyList<int> allowed = ReadAllowed();
        var order = allowed
            .Select(cpu => (cpu, core: CoreOf(cpu)))
            .GroupBy(x => x.core)
            .SelectMany(g => g.Select((x, rank) => (x.cpu, rank)))
            .OrderBy(x => x.rank)
            .ThenBy(x => x.cpu)
            .Select(x => x.cpu)
            .ToArray();
        return new CpuTopology(allowed, order);
    }

    /// <summary>A topology over the given CPUs in the given order (tests plan for machines they are not on).</summary>
    internal static CpuTopology Of(IReadOnlyList<int> placementOrder) => new([.. placementOrder.Order()], placementOrder);

    /// <summary>The CPUs a cell of <paramref name="cores"/> CPUs is pinned to.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cores"/> is not in 1..<see cref="Count"/>.</exception>
    public IReadOnlyList<int> CpusFor(int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cores, Count);
        return [.. PlacementOrder.Take(cores).Order()];
    }

    private static IReadOnlyList<int> ReadAllowed()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
                {
                    return CpuList.Parse(line["Cpus_allowed_list:".Length..]);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        // Not Linux (or no procfs): every CPU the runtime reports.
        return [.. Enumerable.Range(0, Environment.ProcessorCount)];
    }

    private static (int Package, int Core) CoreOf(int cpu)
    {
        string dir = $"/sys/devices/system/cpu/cpu{cpu.ToString(CultureInfo.InvariantCulture)}/topology/";
        int core = ReadInt(dir + "core_id") ?? cpu;
        int package = ReadInt(dir + "physical_package_id") ?? 0;
        return (package, core);
    }

    private static int? ReadInt(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
