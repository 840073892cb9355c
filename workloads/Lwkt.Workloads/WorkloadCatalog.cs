using System.Diagnostics.CodeAnalysis;
using Lwkt.Workloads.Catalog;

namespace Lwkt.Workloads;

/// <summary>The thirteen workloads (names are a contract: docs/architecture.md), each written once for every runtime.</summary>
public static class WorkloadCatalog
{
    /// <summary>Every workload, in the order <c>list</c> shows them.</summary>
    public static IReadOnlyList<WorkloadDefinition> All { get; } =
    [
        UncontendedWorkload.Definition,
        YieldWorkload.Definition,
        CounterWorkload.Definition,
        MultilockWorkload.Definition,
        HoldBlockWorkload.Definition,
        PingPongWorkload.Definition,
        PipelineWorkload.Definition,
        SpawnWorkload.Definition,
        RwLockWorkload.Definition,
        HerdWorkload.Definition,
        NameCacheWorkload.Definition,
        SleepWorkload.Definition,
        HogWorkload.Definition,
    ];

    /// <summary>Finds a workload by name (ignoring case).</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out WorkloadDefinition? definition)
    {
        foreach (WorkloadDefinition candidate in All)
        {
            if (string.Equals(candidate.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                definition = candidate;
                return true;
            }
        }

        definition = null;
        return false;
    }
}
