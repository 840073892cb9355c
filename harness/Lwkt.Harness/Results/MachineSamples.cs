using Lwkt.Workloads.Measurement;

namespace Lwkt.Harness.Results;

/// <summary>
/// A cell's iterations paired with the machine-speed probe taken around each (docs/measurement.md "The machine's
/// speed"): the rows that carry both <c>ns_per_op</c> and <c>machine_ns_per_step</c>, in row order. What the summary's
/// <c>machine_swing</c>/<c>machine_rho</c> and <c>compare</c>'s note are computed from. Callers choose the rows (the
/// summary its ok results, <c>compare</c> its steady ones).
/// </summary>
internal readonly record struct MachineSamples(double[] NsPerOp, double[] Machine)
{
    /// <summary>The pairs of <paramref name="rows"/> that have both figures.</summary>
    public static MachineSamples Of(IEnumerable<ResultRow> rows)
    {
        ResultRow[] probed = [.. rows.Where(r => r[Metric.MachineNsPerStep] is not null && r[Metric.NsPerOp] is not null)];
        return new([.. probed.Select(r => r[Metric.NsPerOp]!.Value)], [.. probed.Select(r => r[Metric.MachineNsPerStep]!.Value)]);
    }

    /// <summary>The calibration's swing (<see cref="MachineDrift.Swing"/>).</summary>
    public double? MachineSwing => MachineDrift.Swing(Machine);

    /// <summary>The rank correlation of the cell's time with the calibration (<see cref="MachineDrift.RankCorrelation"/>).</summary>
    public double? Rho => MachineDrift.RankCorrelation(NsPerOp, Machine);
}
