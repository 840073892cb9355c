using System.Globalization;
using System.Text;

namespace Lwkt.Harness.Machine;

/// <summary>
/// CPU numbers in the kernel's list syntax (<c>0-3,6,8-9</c>), as <c>taskset -c</c>, <c>/proc/self/status</c>
/// (<c>Cpus_allowed_list</c>) and cgroup <c>cpuset.cpus</c> write them.
/// </summary>
public static class CpuList
{
    /// <summary>Parses a list such as <c>0-3,6</c> into ascending, distinct CPU numbers.</summary>
    /// <exception cref="FormatException">The text is not a CPU list.</exception>
    public static IReadOnlyList<int> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cpus = new SortedSet<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            int first = ParseNumber(dash < 0 ? part : part[..dash], text);
            int last = dash < 0 ? first : ParseNumber(part[(dash + 1)..], text);
            if (last < first)
            {
                throw new FormatException($"'{text}' is not a CPU list (range {part} is reversed)");
            }

            for (int cpu = first; cpu <= last; cpu++)
            {
                cpus.Add(cpu);
            }
        }

        return [.. cpus];
    }

    /// <summary>Formats CPU numbers as a compact list (<c>0-3,6</c>); the input need not be sorted.</summary>
    public static string Format(IEnumerable<int> cpus)
    {
        int[] sorted = [.. cpus.Distinct().Order()];
        var text = new StringBuilder();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                text.Append('-').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return text.ToString();
    }

    private static int ParseNumber(string text, string whole) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"'{whole}' is not a CPU list");
}
