using Lwkt.Workloads.Measurement;

namespace Lwkt.Harness.Results;

/// <summary>
/// A cell's iterations paired with one probe of the machine taken around each (<see cref="MachineProbe"/>:
/// docs/measurement.md "The machine's speed", "The cost of a cross-CPU transfer"): the rows that carry both
/// <c>ns_per_op</c> and the probe's metric, in row order. What the summary's <c>_swing</c>/<c>_rho</c> columns,
/// the run's flag and <c>compare</c>'s note are computed from, for every probe alike. Callers choose the rows (the
/// summary its ok results, <c>compare</c> and the report their steady ones).
/// </summary>
internal readonly record struct MachineSamples(MachineProbe Probe, double[] NsPerOp, double[] Machine)
{
    /// <summary>The pairs of <paramref name="rows"/> that have both figures.</summary>
    public static MachineSamples Of(IEnumerable<ResultRow> rows, MachineProbe probe)
    {
        ResultRow[] probed = [.. rows.Where(r => r[probe.Metric] is not null && r[Metric.NsPerOp] is not null)];
        return new(probe, [.. probed.Select(r => r[Metric.NsPerOp]!.Value)], [.. probed.Select(r => r[probe.Metric]!.Value)]);
    }

    /// <summary>The probe's swing (<see cref="MachineDrift.Swing"/>).</summary>
    public double? MachineSwing => MachineDrift.Swing(Machine);

    /// <summary>The cell's own swing over the same rows.</summary>
    public double? CellSwing => MachineDrift.Swing(NsPerOp);

    /// <summary>The rank correlation of the cell's time with the probe (<see cref="MachineDrift.RankCorrelation"/>).</summary>
    public double? Rho => MachineDrift.RankCorrelation(NsPerOp, Machine);

    /// <summary>Whether the cell's iterations swung in step with the probe (<see cref="MachineDrift.Follows"/>).</summary>
    public bool Follows => MachineDrift.Follows(Probe, CellSwing, MachineSwing, Rho);

    /// <summary>
    /// The note for a cell that swung with the probe, e.g. <c>iterations swung 52 % in step with the host's speed
    /// (calibration 6 %, rank correlation 0.83)</c>; null when it did not.
    /// </summary>
    public string? Note => Follows
        ? FormattableString.Invariant($"iterations swung {CellSwing * 100:0} % in step with {Probe.Subject} ({Probe.Reading} {MachineSwing * 100:0} %, rank correlation {Rho:0.00})")
        : null;

    /// <summary>The median of the probe's figure over the rows; null without any.</summary>
    public double? Median => Machine.Length == 0 ? null : Compare.Descriptive.Median(Machine);

    /// <summary>
    /// The median over the rows of each iteration's time per op over its own probe figure: for a cross-CPU round trip
    /// against <see cref="MachineProbe.Transfer"/>, how many line round trips the op cost; null without any pair.
    /// </summary>
    public double? MedianRatio => NsPerOp.Length == 0 ? null : Compare.Descriptive.Median([.. NsPerOp.Zip(Machine, (op, probe) => op / probe)]);
}
