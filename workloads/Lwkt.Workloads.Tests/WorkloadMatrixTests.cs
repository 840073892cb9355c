using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests;

/// <summary>Every workload on every runtime this build can create, at a tiny size, passes its own validation.</summary>
public sealed class WorkloadMatrixTests
{
    /// <summary>Tiny cells: (workload, threads, parameters).</summary>
    private static readonly (string Workload, int Threads, (string, string)[] Parameters)[] s_cells =
    [
        ("uncontended", 2, []),
        ("yield", 2, []),
        ("counter", 2, []),
        ("multilock", 2, [("locks", "8"), ("k", "3")]),
        ("hold-block", 2, []),
        ("pingpong", 2, []),
        ("pingpong", 2, [("placement", "same")]),
        ("pipeline", 3, [("window", "8")]),
        ("spawn", 2, [("batch", "4")]),
        ("spawn", 2, [("park", "1"), ("count", "20")]),
        ("rwlock", 2, []),
        ("herd", 3, []),
        ("namecache", 2, [("buckets", "64"), ("locks", "8"), ("keys", "256")]),
        ("sleep", 2, []),
        ("hog", 2, []),
    ];

    /// <summary>The matrix rows.</summary>
    public static TheoryData<string, string, int, string> Cells()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (string runtime in TestCells.Runtimes)
        {
            foreach ((string workload, int threads, (string, string)[] parameters) in s_cells)
            {
                if (parameters.Any(p => p.Item1 == "placement") && !RuntimeCatalog.Places(runtime))
                {
                    continue; // Unsupported there by design (PlacementTests).
                }

                data.Add(workload, runtime, threads, string.Join(';', parameters.Select(p => $"{p.Item1}={p.Item2}")));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Workload_runs_valid_on_runtime(string workload, string runtime, int threads, string parameters)
    {
        (string, string)[] given = parameters.Length == 0
            ? []
            : [.. parameters.Split(';').Select(p => p.Split('=')).Select(kv => (kv[0], kv[1]))];
        using var runner = new CellRunner(TestCells.Cell(workload, runtime, threads, given));

        IterationResult result = TestCells.RunOnce(runner, $"{workload} on {runtime}");

        Assert.True(result.Status == IterationResult.StatusOk, $"{workload} on {runtime}: {result.Status}: {result.Error}");
        Assert.True(result[Metric.Ops] > 0);
        Assert.Equal(0, result[Metric.Violations]);
        Assert.True(result[Metric.DurationS] > 0);
        Assert.InRange(result[Metric.Fairness] ?? -1, 0.0, 1.0 + 1e-9);
    }

    [Fact]
    public void Every_catalogue_workload_is_in_the_matrix()
    {
        string[] covered = [.. s_cells.Select(c => c.Workload).Distinct()];

        Assert.Equal(WorkloadCatalog.All.Select(w => w.Name).Order(), covered.Order());
    }

    [Fact]
    public void Spawn_with_park_reports_memory_per_thread()
    {
        string runtime = TestCells.Runtimes[0];
        using var runner = new CellRunner(TestCells.Cell("spawn", runtime, 2, ("park", "1"), ("count", "50")));

        IterationResult result = TestCells.RunOnce(runner, "spawn park=1");

        Assert.Equal(IterationResult.StatusOk, result.Status);
        Assert.Equal(50, result[Metric.Ops]);
        Assert.NotNull(result[Metric.BytesPerThread]);
        Assert.Contains("gc_heap_bytes_per_thread=", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Spawn_in_batches_times_one_child_per_batch()
    {
        using var runner = new CellRunner(TestCells.Cell("spawn", TestCells.Runtimes[0], 2, ("batch", "4")));

        IterationResult result = TestCells.RunOnce(runner, "spawn batch=4");

        // Every op is one child and a spawner's batches are whole, so each spawner timed ops / 4 children.
        Assert.Equal(IterationResult.StatusOk, result.Status);
        long ops = (long)(result[Metric.Ops] ?? 0);
        Assert.Equal(0, ops % 4);
        Assert.Contains($"latency_samples={ops / 4}", (result.Detail ?? "").Split(';'));
    }

    [Fact]
    public void Sleep_reports_requested_and_achieved()
    {
        using var runner = new CellRunner(TestCells.Cell("sleep", TestCells.Runtimes[0], 1, ("sleep_us", "200")));

        IterationResult result = TestCells.RunOnce(runner, "sleep");

        Assert.Equal(IterationResult.StatusOk, result.Status);
        Assert.Contains("requested_ns=200000", result.Detail, StringComparison.Ordinal);
        Assert.NotNull(result[Metric.LatencyP50]);
    }
}
