using System.Globalization;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// A figure of the machine taken around every iteration, which the cell does not set and whose changes can make the
/// cell's own figure move (docs/measurement.md "The machine's speed", "The cost of a cross-CPU transfer"): the row's
/// metric, the swing below which a change is the probe's
/// own noise, and the words the run, the summary, the report and <c>compare</c> use for it. <see cref="MachineDrift"/>
/// applies the same rule to each; <see cref="All"/> lists them.
/// </summary>
/// <param name="Metric">The per-iteration figure (ns of something fixed: larger is a costlier machine).</param>
/// <param name="MinSwing">The smallest swing (largest over smallest, less 1) that is the machine, not the probe's repeatability.</param>
/// <param name="Subject">What moved, in a sentence: <c>the host's speed</c>.</param>
/// <param name="Short">The same in the run's table: <c>host speed</c>.</param>
/// <param name="Reading">What the figure is called in a note: <c>calibration</c>.</param>
/// <param name="NumberFormat">How a median is written in a note.</param>
/// <param name="Unit">The unit after it.</param>
public sealed record MachineProbe(Metric Metric, double MinSwing, string Subject, string Short, string Reading, string NumberFormat, string Unit)
{
    /// <summary>
    /// The machine's speed (<see cref="Metric.MachineNsPerStep"/>, MachineSpeed). 2 %: the probe repeated within 0.2 % in
    /// a steady stretch (1.541–1.543 ns per step); the host's slow state read 4–25 % slower.
    /// </summary>
    public static MachineProbe Speed { get; } = new(Metric.MachineNsPerStep, 0.02, "the host's speed", "host speed", "calibration", "0.000", "ns per step");

    /// <summary>
    /// The cost of moving a cache line between the cell's first two CPUs (<see cref="Metric.MachineTransferNs"/>,
    /// MachineTransfer). 30 %: on the 2-core development VM single probes within one of the host's states read 70–94 ns
    /// over 30 s (docs/measurement.md); its states are 1.7 and 2.7 times apart, so a change of state clears it.
    /// </summary>
    public static MachineProbe Transfer { get; } = new(Metric.MachineTransferNs, 0.3, "the cross-CPU transfer cost", "cross-CPU transfer", "transfer probe", "0", "ns per round trip");

    /// <summary>Every probe, in summary column order.</summary>
    public static IReadOnlyList<MachineProbe> All { get; } = [Speed, Transfer];

    /// <summary>A figure of the probe as a note writes it (<see cref="NumberFormat"/>, no unit).</summary>
    public string Format(double value) => value.ToString(NumberFormat, CultureInfo.InvariantCulture);
}
