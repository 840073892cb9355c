using Lwkt.Workloads.Measurement;

namespace Lwkt.Harness.Results;

/// <summary>
/// The columns of <c>summary.csv</c>, in file order: the cell, its status and iteration count, the statistics of
/// <c>ops_per_s</c>, the medians of the first schema's <see cref="Metric.Summarized"/> metrics, the error, then the
/// columns added since (steady state, and the medians of newer summarized metrics). Also generates the README table.
/// </summary>
public static class SummaryColumns
{
    /// <summary>Every column, in file order.</summary>
    public static IReadOnlyList<CsvColumn<SummaryRow>> All { get; } = Build();

    private static List<CsvColumn<SummaryRow>> Build()
    {
        var c = new List<CsvColumn<SummaryRow>>
        {
            Text("run_id", "text", "the run(s) the cell's rows came from (`+`-joined when several).", s => s.RunId, (s, v) => s.RunId = v ?? ""),
            Text("workload", "key", "the cell's workload.", s => s.Key.Workload, (s, v) => s.Key = s.Key with { Workload = v ?? "" }),
            Text("runtime", "key", "the cell's runtime.", s => s.Key.Runtime, (s, v) => s.Key = s.Key with { Runtime = v ?? "" }),
            CsvColumn<SummaryRow>.Int("cores", "key", "the cell's cores.", s => s.Key.Cores, (s, v) => s.Key = s.Key with { Cores = v }),
            CsvColumn<SummaryRow>.Int("threads", "key", "the cell's threads.", s => s.Key.Threads, (s, v) => s.Key = s.Key with { Threads = v }),
            Text("params", "key", "the cell's canonical parameters.", s => s.Key.Params, (s, v) => s.Key = s.Key with { Params = v ?? "" }),
            Text("status", "enum", "`ok` when every row is ok; else the first non-ok status of the cell.", s => s.Status, (s, v) => s.Status = v ?? ""),
            CsvColumn<SummaryRow>.Int("iterations", "count", "iterations the statistics use: `ok`, `measure` and steady (0 for a cell that never became steady).", s => s.Iterations, (s, v) => s.Iterations = v),
            Number("ops_per_s_median", "ops/s", "median ops/s (Harrell–Davis estimator, Perfolizer; a smooth median, not necessarily one of the values).", s => s.OpsPerSMedian, (s, v) => s.OpsPerSMedian = v),
            Number("ops_per_s_min", "ops/s", "smallest iteration.", s => s.OpsPerSMin, (s, v) => s.OpsPerSMin = v),
            Number("ops_per_s_max", "ops/s", "largest iteration.", s => s.OpsPerSMax, (s, v) => s.OpsPerSMax = v),
            Number("ops_per_s_ci95_lower", "ops/s", "95% confidence interval of the median (Harrell–Davis), lower end; empty below 2 iterations; clipped at 0.", s => s.OpsPerSCi95Lower, (s, v) => s.OpsPerSCi95Lower = v),
            Number("ops_per_s_ci95_upper", "ops/s", "upper end of the same interval. Wide with the quick suite's 3 iterations.", s => s.OpsPerSCi95Upper, (s, v) => s.OpsPerSCi95Upper = v),
        };
        c.AddRange(Metric.Summarized.Where(m => m.Required).Select(Median));
        c.Add(Text("error", "text", "the first error of the cell.", s => s.Error, (s, v) => s.Error = v));
        c.Add(CsvColumn<SummaryRow>.Bool("steady", "bool", "whether the cell reached steady state; `false`: its warm-up hit the cap, and it has no statistics (shown as `unsteady`).", s => s.Steady, (s, v) => s.Steady = v));
        c.Add(Number("warmup_iterations", "count", "warm-up iterations the cell ran before measuring.", s => s.WarmupIterations, (s, v) => s.WarmupIterations = v is double d ? (int)d : null, integer: true));
        c.AddRange(Metric.Summarized.Where(m => !m.Required && m != Metric.MachineNsPerStep && m != Metric.MachineTransferNs).Select(Median));
        c.Add(Number("disturbed_iterations", "count", "measured iterations that other work on the cell's CPUs disturbed (`foreign_cpu_share` above 0.10) and another iteration replaced; empty when none.", s => s.DisturbedIterations, (s, v) => s.DisturbedIterations = v is double d ? (int)d : null, integer: true));
        // Added after disturbed_iterations, so they follow it: the machine's speed around the iterations.
        c.Add(Median(Metric.MachineNsPerStep));
        c.Add(Number("machine_swing", "ratio", "how far the machine's speed swung over the iterations: largest `machine_ns_per_step` over smallest, less 1 (the host's slow state reads 0.04–0.25; the probe alone repeats within 0.002).", s => s.MachineSwing, (s, v) => s.MachineSwing = v));
        c.Add(Number("machine_rho", "-1..1", "rank correlation, iteration by iteration, of `ns_per_op` with `machine_ns_per_step`. With `machine_swing` ≥ 0.02, a swing of the cell's own ≥ 10 % and `machine_rho` ≥ 0.6 the cell swung in step with the host (the run's table says `host speed swung`; `compare` turns its Faster/Slower into Unsure): docs/measurement.md.", s => s.MachineRho, (s, v) => s.MachineRho = v));
        // Added after machine_rho: the cost of a cross-CPU line transfer around the iterations (cells on 2+ CPUs).
        MachineProbe transfer = MachineProbe.Transfer;
        c.Add(Median(Metric.MachineTransferNs));
        c.Add(Number("machine_transfer_swing", "ratio", "how far the cost of a cross-CPU line transfer swung over the iterations: largest `machine_transfer_ns` over smallest, less 1 (the development VM's host states are 1.7–2.7 times apart; the probe alone repeats within ±10 %); empty for a cell on one CPU.", s => s.SwingOf(transfer), (s, v) => SummaryRow.Set(s.Swings, transfer, v)));
        c.Add(Number("machine_transfer_rho", "-1..1", "rank correlation, iteration by iteration, of `ns_per_op` with `machine_transfer_ns`. With `machine_transfer_swing` ≥ 0.3, a swing of the cell's own ≥ 10 % and `machine_transfer_rho` ≥ 0.6 the cell swung in step with the transfer cost (the run's table says `cross-CPU transfer swung`; `compare` turns its Faster/Slower into Unsure): docs/measurement.md.", s => s.RhoOf(transfer), (s, v) => SummaryRow.Set(s.Rhos, transfer, v)));
        return c;
    }

    /// <summary>The <c>&lt;metric&gt;_median</c> column of a summarized metric.</summary>
    private static CsvColumn<SummaryRow> Median(Metric metric) =>
        CsvColumn<SummaryRow>.Number(
            metric.Name + "_median", metric.Unit, $"median over the iterations of `{metric.Name}`.",
            s => s.MedianOf(metric),
            (s, v) =>
            {
                if (v is double d)
                {
                    s.Medians[metric] = d;
                }
            },
            integer: false,
            optional: !metric.Required);

    private static CsvColumn<SummaryRow> Text(string name, string unit, string legend, Func<SummaryRow, string?> get, Action<SummaryRow, string?> set) =>
        CsvColumn<SummaryRow>.Text(name, unit, legend, get, set);

    private static CsvColumn<SummaryRow> Number(string name, string unit, string legend, Func<SummaryRow, double?> get, Action<SummaryRow, double?> set, bool integer = false) =>
        CsvColumn<SummaryRow>.Number(name, unit, legend, get, set, integer, optional: name is "warmup_iterations" or "disturbed_iterations" or "machine_swing" or "machine_rho" or "machine_transfer_swing" or "machine_transfer_rho");
}
