using Lwkt.Harness.Results;

namespace Lwkt.Harness.Running;

/// <summary>A cell ready to run: its key (canonical parameters), the parameters to send, and where it runs.</summary>
/// <param name="Key">The cell's identity (key columns).</param>
/// <param name="GivenParams">The parameters as the suite and <c>--param</c> gave them (sent to the child).</param>
/// <param name="Cpus">The CPUs the child is pinned to (<see cref="Machine.CpuTopology.CpusFor"/>).</param>
/// <param name="UnsupportedReason">Why the workload cannot run on the runtime; the cell then gets one
/// <c>unsupported</c> row and no child.</param>
public sealed record PlannedCell(
    CellKey Key,
    IReadOnlyDictionary<string, string> GivenParams,
    IReadOnlyList<int> Cpus,
    string? UnsupportedReason);
