namespace Lwkt.Workloads.Measurement;

/// <summary>
/// The rule that tells the machine from a property of the code, one rule for every probe of the machine taken around
/// each iteration (<see cref="MachineProbe"/>: the host's speed, the cost of a cross-CPU line transfer): a cell whose
/// per-iteration time swings <em>in step with</em> the probe measured the machine, and a change between two runs in the
/// direction the probe moved may be the machine too. Used by <c>summary.csv</c> (<c>machine_swing</c>,
/// <c>machine_rho</c>, <c>machine_transfer_swing</c>, <c>machine_transfer_rho</c>), the run's table, the report and
/// <c>compare</c> (such a Faster or Slower verdict becomes Unsure, with the figures).
/// </summary>
/// <remarks>
/// <para>Why: on the 2-core development VM the calibration read 1.541–1.543 ns per step in the host's fast state and
/// 1.60–1.94 in its slow one, with nothing in <c>/proc/stat</c> to show it. Sampled every 10 ms inside iterations with
/// no other work on the CPU, lwkt <c>pingpong</c> at 1 core ran 121–137 ns per round trip in every iteration whose
/// calibration stayed at 1.543 and 183–209 ns in every one where it stayed at 1.60–1.65 (Pearson r 0.86 over 15
/// iterations); <c>spawn</c> 103–104 ns against 154–165 ns (r 0.87, 9 iterations). A cell's spread that follows the
/// machine is no evidence about the code, and a Slower verdict over it is none either.</para>
/// <para>The rule is a coincidence, not a model: the host's slow state costs a memory-heavy cell far more than it costs
/// the calibration (≈ +55 % against +4 % above), so no correction factor is applied; the cell is only flagged.</para>
/// <para>Linked into the harness with <see cref="Metric"/>; pure functions, any thread.</para>
/// </remarks>
public static class MachineDrift
{
    /// <summary>The smallest swing of the cell's own time per op worth explaining: 10 % (quiet cells repeat within a few %).</summary>
    public const double MinCellSwing = 0.10;

    /// <summary>
    /// The smallest rank correlation between a cell's time per op and the calibration, iteration by iteration, that
    /// counts as "in step": 0.6. With 8 iterations whose order is unrelated to the machine's, a rank correlation this
    /// high comes by chance about 6 % of the time.
    /// </summary>
    public const double MinRankCorrelation = 0.6;

    /// <summary>The fewest iterations a rank correlation is computed over: below 4 it means nothing.</summary>
    public const int MinIterations = 4;

    /// <summary>Largest over smallest, less 1; null for fewer than two values or a value that is not positive.</summary>
    public static double? Swing(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2 || values.Min() <= 0)
        {
            return null;
        }

        return (values.Max() / values.Min()) - 1;
    }

    /// <summary>
    /// Spearman's rank correlation of <paramref name="x"/> and <paramref name="y"/> (tied values share their mean rank);
    /// null below <see cref="MinIterations"/> pairs or when either side is constant.
    /// </summary>
    public static double? RankCorrelation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException("the two series must pair up", nameof(y));
        }

        if (x.Count < MinIterations)
        {
            return null;
        }

        double[] rx = Ranks(x);
        double[] ry = Ranks(y);
        double mean = (x.Count + 1) / 2.0;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mean) * (ry[i] - mean);
            sxx += (rx[i] - mean) * (rx[i] - mean);
            syy += (ry[i] - mean) * (ry[i] - mean);
        }

        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>
    /// Whether a cell's iterations swung with <paramref name="probe"/>: its own time per op swung by at least
    /// <see cref="MinCellSwing"/>, the probe by at least its <see cref="MachineProbe.MinSwing"/>, and the two ranked the
    /// iterations alike (<see cref="MinRankCorrelation"/>).
    /// </summary>
    public static bool Follows(MachineProbe probe, double? cellSwing, double? probeSwing, double? rankCorrelation)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return cellSwing >= MinCellSwing && probeSwing >= probe.MinSwing && rankCorrelation >= MinRankCorrelation;
    }

    /// <summary>
    /// How much costlier <paramref name="probe"/> read for the new side than for the base (medians, new over base, less
    /// 1; negative: cheaper); null when either is missing or the difference is below the probe's
    /// <see cref="MachineProbe.MinSwing"/>.
    /// </summary>
    public static double? Shift(MachineProbe probe, double? baseMedian, double? newMedian)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (baseMedian is not > 0 || newMedian is not > 0)
        {
            return null;
        }

        double shift = (newMedian.Value / baseMedian.Value) - 1;
        return Math.Abs(shift) >= probe.MinSwing ? shift : null;
    }

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        int[] order = [.. Enumerable.Range(0, values.Count).OrderBy(i => values[i])];
        double[] ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            // Ranks are 1-based; a run of ties shares the mean of the ranks it spans.
            double rank = ((start + end) / 2.0) + 1;
            for (int k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }
}
