using System.Globalization;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Compare;

/// <summary>
/// The identity of a cell: the key columns of docs/architecture.md (<c>workload, runtime, cores, threads, params</c>), which never
/// change meaning, so equal keys in two result sets measure the same thing.
/// </summary>
/// <remarks>Ordered by workload, params, runtime, cores, threads (ordinal), the order tables and charts list cells in.</remarks>
public readonly record struct CellKey(string Workload, string Runtime, int Cores, int Threads, string Params)
    : IComparable<CellKey>
{
    /// <summary>The key of the cell a row belongs to.</summary>
    public static CellKey Of(ResultRow row) => new(row.Workload, row.Runtime, row.Cores, row.Threads, row.Params);

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

    /// <summary>One-line form for messages: <c>counter[cs_ns=100] os-monitor cores=2 threads=4</c>.</summary>
    public override string ToString()
    {
        string param = Params.Length > 0 ? $"[{Params}]" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{Workload}{param} {Runtime} cores={Cores} threads={Threads}");
    }
}
