using Lwkt.Workloads.Measurement;

namespace Lwkt.Harness.Results;

/// <summary>
/// One row of <c>summary.csv</c>: one cell, its steady measured iterations reduced to the median and spread of the
/// main metric (<c>ops_per_s</c>) with a 95% confidence interval of the median (Harrell–Davis, Perfolizer), and the
/// medians of <see cref="Metric.Summarized"/>. Only <c>ok</c>, measured, steady iterations enter the statistics: a
/// cell that never became steady has none (<see cref="Steady"/> false, medians empty). Columns: <see cref="SummaryColumns"/>.
/// </summary>
public sealed class SummaryRow
{
    /// <summary>The run the rows came from (several, joined by <c>+</c>, after a merge of resumed runs).</summary>
    public string RunId { get; set; } = "";

    /// <summary>The cell (workload, runtime, cores, threads, canonical parameters).</summary>
    public CellKey Key { get; set; }

    /// <summary>The cell's status: <c>ok</c> when every row is ok, else the first non-ok status.</summary>
    public string Status { get; set; } = RowStatus.Ok;

    /// <summary>How many iterations the statistics use (ok, measured, steady).</summary>
    public int Iterations { get; set; }

    /// <summary>Median ops/s (Harrell–Davis estimate).</summary>
    public double? OpsPerSMedian { get; set; }

    /// <summary>Smallest ops/s of the iterations.</summary>
    public double? OpsPerSMin { get; set; }

    /// <summary>Largest ops/s of the iterations.</summary>
    public double? OpsPerSMax { get; set; }

    /// <summary>Lower bound of the 95% confidence interval of the median ops/s (null below 2 iterations).</summary>
    public double? OpsPerSCi95Lower { get; set; }

    /// <summary>Upper bound of the 95% confidence interval of the median ops/s.</summary>
    public double? OpsPerSCi95Upper { get; set; }

    /// <summary>The medians of <see cref="Metric.Summarized"/> that were measured (not rounded, even for whole-number metrics).</summary>
    public Dictionary<Metric, double> Medians { get; } = [];

    /// <summary>The median of <paramref name="metric"/>, or null.</summary>
    public double? MedianOf(Metric metric) => Medians.TryGetValue(metric, out double v) ? v : null;

    /// <summary>The first error of the cell's rows (why it is not ok), or null.</summary>
    public string? Error { get; set; }

    /// <summary>
    /// Whether the cell reached steady state; false when its warm-up hit the cap (no statistics then); null for a
    /// cell with no measured row or rows from files older than the column.
    /// </summary>
    public bool? Steady { get; set; }

    /// <summary>Warm-up iterations the cell ran (its <c>warmup</c> rows); null when the file has none.</summary>
    public int? WarmupIterations { get; set; }

    /// <summary>Measured iterations replaced because other work disturbed them; null when none.</summary>
    public int? DisturbedIterations { get; set; }

    /// <summary>
    /// The median share of its CPUs that other work took when even the cell's kept iterations were disturbed (the
    /// replacement budget ran out), else null.
    /// </summary>
    public double? DisturbedShare =>
        MedianOf(Metric.ForeignCpuShare) is double share && Disturbance.IsDisturbed(share) ? share : null;

    /// <summary>
    /// How far each probe of the machine (<see cref="MachineProbe"/>) swung over the cell's iterations (largest over
    /// smallest, less 1); absent without the metric or with one iteration.
    /// </summary>
    public Dictionary<MachineProbe, double> Swings { get; } = [];

    /// <summary>
    /// The rank correlation, iteration by iteration, of the cell's <c>ns_per_op</c> with each probe
    /// (<see cref="MachineDrift.RankCorrelation"/>); absent below <see cref="MachineDrift.MinIterations"/> iterations.
    /// </summary>
    public Dictionary<MachineProbe, double> Rhos { get; } = [];

    /// <summary>The swing of the machine's speed (<see cref="Swings"/> of <see cref="MachineProbe.Speed"/>).</summary>
    public double? MachineSwing
    {
        get => SwingOf(MachineProbe.Speed);
        set => Set(Swings, MachineProbe.Speed, value);
    }

    /// <summary>The rank correlation with the machine's speed (<see cref="Rhos"/> of <see cref="MachineProbe.Speed"/>).</summary>
    public double? MachineRho
    {
        get => RhoOf(MachineProbe.Speed);
        set => Set(Rhos, MachineProbe.Speed, value);
    }

    /// <summary>
    /// Whether the cell's iterations swung in step with the machine's speed (<see cref="MachineDrift.Follows"/>): its
    /// spread measured the host, not the code.
    /// </summary>
    public bool MachineFollowed => Followed(MachineProbe.Speed);

    /// <summary>The swing of <paramref name="probe"/>, or null.</summary>
    public double? SwingOf(MachineProbe probe) => Swings.TryGetValue(probe, out double v) ? v : null;

    /// <summary>The rank correlation with <paramref name="probe"/>, or null.</summary>
    public double? RhoOf(MachineProbe probe) => Rhos.TryGetValue(probe, out double v) ? v : null;

    /// <summary>The cell's own swing: largest ops/s over smallest, less 1; null without figures.</summary>
    public double? CellSwing => OpsPerSMin > 0 ? (OpsPerSMax / OpsPerSMin) - 1 : null;

    /// <summary>Whether the cell's iterations swung in step with <paramref name="probe"/> (<see cref="MachineDrift.Follows"/>).</summary>
    public bool Followed(MachineProbe probe) => MachineDrift.Follows(probe, CellSwing, SwingOf(probe), RhoOf(probe));

    /// <summary>Records or clears one probe's figure.</summary>
    public static void Set(Dictionary<MachineProbe, double> figures, MachineProbe probe, double? value)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (value is double v)
        {
            figures[probe] = v;
        }
        else
        {
            figures.Remove(probe);
        }
    }

    /// <summary>Whether the cell ran but never became steady: shown as such, never averaged.</summary>
    public bool NeverSteady => Steady == false && Status == RowStatus.Ok;
}
