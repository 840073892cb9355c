namespace Lwkt.Harness.Tests.Compare;

/// <summary>Constructs result rows with realistic iteration noise (seeded, so every run sees the same numbers).</summary>
internal static class ResultRows
{
    /// <summary>
    /// <paramref name="iterations"/> ok rows of one cell whose <c>ops_per_s</c> is <paramref name="opsPerSecond"/> with
    /// normal noise of coefficient of variation <paramref name="cv"/>; <c>ns_per_op</c> and latencies follow from it.
    /// </summary>
    public static IEnumerable<ResultRow> Cell(
        Random random,
        string workload,
        string runtime,
        int cores,
        int threads,
        double opsPerSecond,
        int iterations = 10,
        double cv = 0.025,
        string parameters = "cs_ns=100")
    {
        for (int i = 1; i <= iterations; i++)
        {
            double ops = opsPerSecond * (1 + (cv * Gaussian(random)));
            double nsPerOp = 1e9 / ops;
            yield return new ResultRow
            {
                RunId = "run",
                TimestampUtc = new DateTime(2025, 1, 1, 0, 0, i, DateTimeKind.Utc),
                Host = "box",
                Workload = workload,
                Runtime = runtime,
                Cores = cores,
                Threads = threads,
                Params = parameters,
                Iteration = i,
                Metrics =
                {
                    [Metric.DurationS] = 1,
                    [Metric.Ops] = (long)ops,
                    [Metric.OpsPerSecond] = ops,
                    [Metric.NsPerOp] = nsPerOp,
                    [Metric.LatencyP50] = (long)(nsPerOp * threads),
                    [Metric.LatencyP90] = (long)(nsPerOp * threads * 2),
                    [Metric.LatencyP99] = (long)(nsPerOp * threads * 5),
                    [Metric.LatencyP999] = (long)(nsPerOp * threads * 20),
                    [Metric.LatencyMax] = (long)(nsPerOp * threads * 100),
                    [Metric.Fairness] = 0.99,
                },
                Status = RowStatus.Ok,
            };
        }
    }

    /// <summary>
    /// <paramref name="rows"/> with each row's <paramref name="metric"/> set from <paramref name="values"/>, in order
    /// (a machine probe beside each iteration, for the rules that read it).
    /// </summary>
    public static List<ResultRow> WithMetric(IEnumerable<ResultRow> rows, Metric metric, IReadOnlyList<double> values)
    {
        List<ResultRow> list = [.. rows];
        for (int i = 0; i < list.Count; i++)
        {
            list[i].Metrics[metric] = values[i];
        }

        return list;
    }

    /// <summary>One row of a cell that produced no measurement.</summary>
    public static ResultRow Failed(string workload, string runtime, int cores, int threads, string status, string error) => new()
    {
        RunId = "run",
        Workload = workload,
        Runtime = runtime,
        Cores = cores,
        Threads = threads,
        Params = "cs_ns=100",
        Status = status,
        Error = error,
    };

    /// <summary>A standard normal variate (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>
    /// A small suite: two workloads × two runtimes × cores 1 and 2, throughput from <paramref name="throughput"/>
    /// (so a test can change one cell).
    /// </summary>
    public static List<ResultRow> Suite(int seed, Func<CellKeyParts, double>? throughput = null, int iterations = 10)
    {
        var random = new Random(seed);
        var rows = new List<ResultRow>();
        foreach (string workload in new[] { "counter", "yield" })
        {
            foreach (string runtime in new[] { "lwkt", "os-monitor" })
            {
                foreach (int cores in new[] { 1, 2 })
                {
                    var key = new CellKeyParts(workload, runtime, cores);
                    rows.AddRange(Cell(random, workload, runtime, cores, 4, throughput?.Invoke(key) ?? key.Baseline, iterations));
                }
            }
        }

        return rows;
    }

    /// <summary>The varying key parts of <see cref="Suite"/>.</summary>
    public readonly record struct CellKeyParts(string Workload, string Runtime, int Cores)
    {
        /// <summary>The suite's throughput for this cell before any change.</summary>
        public double Baseline => (Workload == "counter" ? 4e6 : 2e7) * Cores * (Runtime == "lwkt" ? 1.5 : 1);
    }
}
