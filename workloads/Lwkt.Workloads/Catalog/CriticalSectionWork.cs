using Lwkt.Workloads.Execution;

namespace Lwkt.Workloads.Catalog;

/// <summary>
/// The CPU work of one op of a lock workload: <c>cs_ns</c> while it holds the lock (the critical section) and
/// <c>think_ns</c> between ops. Read from the cell's settings once, when the workload is made; the op loop reads the
/// two fields of this readonly struct field as it read two long fields before (no copy, the same load).
/// </summary>
/// <param name="CsNs">CPU work inside the critical section, in nanoseconds (<c>cs_ns</c>).</param>
/// <param name="ThinkNs">CPU work between ops, in nanoseconds (<c>think_ns</c>).</param>
internal readonly record struct CriticalSectionWork(long CsNs, long ThinkNs)
{
    /// <summary>
    /// The two parameters, <c>cs_ns</c> then <c>think_ns</c>, described as the workload at hand uses them; <c>cs_ns</c>
    /// defaults to 100 ns, <c>think_ns</c> to <paramref name="thinkDefault"/>.
    /// </summary>
    public static WorkloadParameter[] Parameters(string inside, string outside, long thinkDefault = 100) =>
    [
        WorkloadParameter.CpuWork("cs_ns", 100, inside),
        WorkloadParameter.CpuWork("think_ns", thinkDefault, outside),
    ];

    /// <summary>The cell's values of <c>cs_ns</c> and <c>think_ns</c>.</summary>
    public static CriticalSectionWork From(WorkloadSettings settings) => new(settings.Long("cs_ns"), settings.Long("think_ns"));
}
