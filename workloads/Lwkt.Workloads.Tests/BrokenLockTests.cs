using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Measurement;
using Lwkt.Workloads.Torture;

namespace Lwkt.Workloads.Tests;

/// <summary>The positive control: with locks that do nothing, the lock workloads report invalid, never a number.</summary>
public sealed class BrokenLockTests
{
    /// <summary>Workloads whose validation must catch a lock that excludes nothing, with parameters that make overlap certain.</summary>
    public static TheoryData<string, string> Cells() => new()
    {
        { "counter", "cs_ns=20000;think_ns=0" },
        { "multilock", "locks=2;k=2;cs_ns=20000;think_ns=0" },
        { "rwlock", "read_pct=50;cs_ns=20000;think_ns=0" },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void Broken_lock_is_reported_invalid(string workload, string parameters)
    {
        // Preemptive OS threads (or the thread pool) overlap a broken critical section for sure; a cooperative
        // runtime on one CPU would not, so prefer a baseline.
        string runtime = TestCells.Runtimes.FirstOrDefault(r => r != "lwkt") ?? TestCells.Runtimes[0];
        WorkloadRuntime broken = new BustedWorkloadRuntime(RuntimeCatalog.Create(runtime, 2));
        Dictionary<string, string> given = parameters.Split(';').Select(p => p.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);
        var spec = new CellSpec(workload, runtime, 2, 4, given, TimeSpan.FromMilliseconds(200), 7);
        using var runner = new CellRunner(spec, broken);

        IterationResult result = TestCells.RunOnce(runner, $"{workload} with a broken lock");

        Assert.Equal(IterationResult.StatusInvalid, result.Status);
        Assert.True(result[Metric.Violations] > 0);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }
}
