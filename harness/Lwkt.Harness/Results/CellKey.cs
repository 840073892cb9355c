using System.Globalization;
using System.Text;

namespace Lwkt.Harness.Results;

/// <summary>
/// The identity of a cell: the key columns <c>workload, runtime, cores, threads, params</c> of a results row
/// (docs/architecture.md, Run folder), with <see cref="Params"/> in canonical form. The key columns never change
/// meaning, so two rows describe the same cell exactly when their keys are equal, in one result set or in two:
/// <c>--resume</c>, <c>--shard</c>, <c>merge</c>, the summary, <c>compare</c> and <c>report</c> all rely on that.
/// </summary>
/// <remarks>Ordered by workload, params, runtime, cores, threads (ordinal), the order tables and charts list cells in.</remarks>
public readonly record struct CellKey(string Workload, string Runtime, int Cores, int Threads, string Params)
    : IComparable<CellKey>
{
    /// <summary>The key of the cell a row belongs to.</summary>
    public static CellKey Of(ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.Workload, row.Runtime, row.Cores, row.Threads, row.Params);
    }

    /// <inheritdoc/>
    public int CompareTo(CellKey other)
    {
        int c = string.CompareOrdinal(Workload, other.Workload);
        if (c == 0) c = string.CompareOrdinal(Params, other.Params);
        if (c == 0) c = string.CompareOrdinal(Runtime, other.Runtime);
        if (c == 0) c = Cores.CompareTo(other.Cores);
        if (c == 0) c = Threads.CompareTo(other.Threads);
        return c;
    }

    /// <summary>Less-than by <see cref="CompareTo"/>.</summary>
    public static bool operator <(CellKey left, CellKey right) => left.CompareTo(right) < 0;

    /// <summary>Greater-than by <see cref="CompareTo"/>.</summary>
    public static bool operator >(CellKey left, CellKey right) => left.CompareTo(right) > 0;

    /// <summary>Less-or-equal by <see cref="CompareTo"/>.</summary>
    public static bool operator <=(CellKey left, CellKey right) => left.CompareTo(right) <= 0;

    /// <summary>Greater-or-equal by <see cref="CompareTo"/>.</summary>
    public static bool operator >=(CellKey left, CellKey right) => left.CompareTo(right) >= 0;

    /// <summary>The run's form, for progress lines and messages: <c>counter os-monitor cores=2 threads=4 [cs_ns=100]</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Workload} {Runtime} cores={Cores} threads={Threads}")
        + (Params.Length > 0 ? $" [{Params}]" : "");

    /// <summary>
    /// The form of the comparison and report lists, workload and parameters together as their tables group them:
    /// <c>counter[cs_ns=100] os-monitor cores=2 threads=4</c>.
    /// </summary>
    public string Label =>
        string.Create(CultureInfo.InvariantCulture, $"{Workload}{(Params.Length > 0 ? $"[{Params}]" : "")} {Runtime} cores={Cores} threads={Threads}");

    /// <summary>A file-name-safe form for per-cell files (<c>traces/&lt;slug&gt;.nettrace</c>).</summary>
    public string Slug
    {
        get
        {
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{Workload}_{Runtime}_c{Cores}_t{Threads}"));
            if (Params.Length > 0)
            {
                text.Append('_');
                foreach (char c in Params)
                {
                    text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : c == ';' ? '_' : '-');
                }
            }

            return text.ToString();
        }
    }
}
