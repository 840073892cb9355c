namespace Lwkt.Workloads.Tests;

/// <summary>
/// Tests that count the process's allocations (<c>alloc_bytes</c> is <c>GC.GetTotalAllocatedBytes</c>, process-wide)
/// run alone: a test class running beside them allocates into their count. Under a one-core hog in <c>.ci/run</c>,
/// tpl-async's yield read 25.9 bytes per op (13.4 MB in 1.5 s) with other classes running, and 0–0.8 alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCountingCollection
{
    public const string Name = "allocation counting";
}
