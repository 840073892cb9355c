namespace Lwkt.Workloads.Measurement;

/// <summary>
/// The rule for a measured iteration that other work disturbed: when more than <see cref="MaxForeignShare"/> of the
/// cell's CPUs went to anything but the cell's process (<see cref="Metric.ForeignCpuShare"/>), the iteration measured
/// the machine, not the runtime. The child keeps its row (phase <c>disturbed</c>, left out of every statistic) and runs
/// another in its place, at most <see cref="MaxReplacements"/> times per cell; once that budget is spent, disturbed
/// iterations are kept as measured and <c>compare</c> answers Unsure for the cell instead of a verdict.
/// </summary>
/// <remarks>
/// Why a rule and not more iterations: on the 2-core VM a stretch of other work halved a cell's throughput for one
/// to three consecutive iterations (counter, 2 cores, 4 threads: 4.8, 4.8, 2.2, 1.9, 2.9 M ops/s, and the os-monitor
/// cell beside it the same way), and two runs of one commit then compared as Slower or Faster. Medians of 5–8
/// iterations do not absorb three bad ones; a figure that says what happened does.
/// </remarks>
public static class Disturbance
{
    /// <summary>
    /// The largest share of the cell's CPU capacity that other work may take in a measured iteration: 10 %. The
    /// reading is good to one 10 ms tick per CPU, which <see cref="Metric.ForeignCpuShare"/> already subtracts; on the
    /// quiet 2-core VM undisturbed iterations read 0–3 %.
    /// </summary>
    public const double MaxForeignShare = 0.10;

    /// <summary>Whether an iteration with this foreign share was disturbed (false when the share was not measured).</summary>
    public static bool IsDisturbed(double? foreignShare) => foreignShare > MaxForeignShare;

    /// <summary>
    /// The most disturbed iterations a cell replaces: as many as it measures, so a disturbed cell takes at most twice
    /// its measured time; after that the machine is busy for good and the cell says so rather than running on.
    /// </summary>
    public static int MaxReplacements(int iterations) => iterations;
}
