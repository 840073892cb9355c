using Lwkt.Harness.Results;

namespace Lwkt.Harness.Compare;

/// <summary>
/// Matches two result sets cell by cell on the key columns and compares each matched cell's iterations with
/// <see cref="SampleComparer"/>. Unlike ResultsComparer, nothing is dropped silently: cells on one side only, failed
/// cells and cells without the metric are all listed with the reason.
/// </summary>
public static class ResultSetComparer
{
    /// <summary>Compares <paramref name="newRows"/> against <paramref name="baseRows"/>.</summary>
    /// <param name="baseSource">Where the baseline came from, for the report's header.</param>
    /// <param name="newSource">Where the new rows came from.</param>
    public static ComparisonReport Compare(
        IEnumerable<ResultRow> baseRows,
        IEnumerable<ResultRow> newRows,
        CompareOptions options,
        string baseSource = "base",
        string newSource = "new")
    {
        ArgumentNullException.ThrowIfNull(options);
        var comparer = new SampleComparer(options);
        Dictionary<CellKey, ResultCell> baseCells = ResultCell.Group(baseRows).ToDictionary(c => c.Key);
        Dictionary<CellKey, ResultCell> newCells = ResultCell.Group(newRows).ToDictionary(c => c.Key);

        CellComparison[] cells =
        [
            .. baseCells.Keys.Union(newCells.Keys)
                .Order()
                .Select(key => CompareCell(
                    key, baseCells.GetValueOrDefault(key), newCells.GetValueOrDefault(key), options.Metric, comparer)),
        ];

        RuntimeSummary[] runtimes =
        [
            .. cells.GroupBy(c => c.Key.Runtime, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(Summarize),
        ];

        return new ComparisonReport(options, baseSource, newSource, cells, runtimes);
    }

    private static CellComparison CompareCell(
        CellKey key, ResultCell? baseCell, ResultCell? newCell, Metric metric, SampleComparer comparer)
    {
        if (baseCell is null)
        {
            return new CellComparison(key, CellOutcome.OnlyInNew, null, null);
        }

        if (newCell is null)
        {
            return new CellComparison(key, CellOutcome.OnlyInBase, null, null);
        }

        string? notOk = Describe(baseCell, newCell, c => c.IsOk ? null : c.Problem);
        if (notOk is not null)
        {
            return new CellComparison(key, CellOutcome.NotOk, null, notOk);
        }

        string? unsteady = Describe(baseCell, newCell, c => c.NeverSteady ? "never steady (warm-up hit its cap)" : null);
        if (unsteady is not null)
        {
            return new CellComparison(key, CellOutcome.NotSteady, null, unsteady);
        }

        string? disturbed = Describe(baseCell, newCell, c => c.DisturbanceNote);
        if (disturbed is not null)
        {
            return new CellComparison(key, CellOutcome.Disturbed, null, disturbed);
        }

        double[] baseValues = baseCell.Samples(metric);
        double[] newValues = newCell.Samples(metric);
        if (baseValues.Length == 0 || newValues.Length == 0)
        {
            string? missing = Describe(baseCell, newCell, c => c.Samples(metric).Length == 0 ? $"no {metric.Name}" : null);
            return new CellComparison(key, CellOutcome.NoMetric, null, missing);
        }

        SampleComparison comparison = comparer.Compare(baseValues, newValues);
        if (comparison.Verdict is Verdict.Faster or Verdict.Slower && LaunchesOverlap(baseCell, newCell, metric, comparison) is { } overlap)
        {
            comparison = comparison with { Verdict = Verdict.Unsure, Reason = overlap };
        }

        if (comparison.Verdict is Verdict.Faster or Verdict.Slower && HostSpeed(baseCell, newCell, comparison) is { } host)
        {
            comparison = comparison with { Verdict = Verdict.Unsure, Reason = host };
        }

        return new CellComparison(key, CellOutcome.Compared, comparison, null);
    }

    /// <summary>
    /// With several launches on a side (<c>run --launches</c>), a change stands only if every launch of the new side lies
    /// beyond every launch of the base in the change's direction: a process's JIT decisions and memory layout are fixed
    /// for its life, so launches of one commit can differ by more than the iterations within one (lwkt <c>yield</c> at
    /// 1 core on the 2-core VM: 14.8 M ops/s in one launch, 8.4 M in the next, each within 13 %), and iterations pooled
    /// over launches are not independent samples. Returns why the verdict cannot stand, or null.
    /// </summary>
    private static string? LaunchesOverlap(ResultCell baseCell, ResultCell newCell, Metric metric, SampleComparison comparison)
    {
        double[] baseLaunches = baseCell.LaunchMedians(metric);
        double[] newLaunches = newCell.LaunchMedians(metric);
        if (baseLaunches.Length < 2 && newLaunches.Length < 2)
        {
            return null;
        }

        bool separated = comparison.NewMedian > comparison.BaseMedian
            ? newLaunches.Min() > baseLaunches.Max()
            : newLaunches.Max() < baseLaunches.Min();
        return separated
            ? null
            : $"the launches overlap (launch medians base {Launches(baseLaunches)}, new {Launches(newLaunches)}): the shift is within launch-to-launch variation";
    }

    /// <summary>
    /// A change stands only if the machine did not move with it (<see cref="MachineDrift"/>, the same rule for each
    /// <see cref="MachineProbe"/>): a side whose iterations swung in step with the host's speed or with the cost of a
    /// cross-CPU line transfer measured the host, and a new side whose probe read costlier (or cheaper) than the base's
    /// by more than the probe's <see cref="MachineProbe.MinSwing"/>, in the change's direction, may show the host's state
    /// rather than the code's. The host's slow state costs a memory-heavy cell far more than the calibration (lwkt
    /// <c>pingpong</c> at 1 core: +55 % against +4 %), and a cross-CPU cell pays several transfers in series per op, so
    /// no size of change is "too large to be the machine". Returns why the verdict cannot stand, or null.
    /// </summary>
    private static string? HostSpeed(ResultCell baseCell, ResultCell newCell, SampleComparison comparison)
    {
        if (Describe(baseCell, newCell, c => c.MachineNote) is { } followed)
        {
            return followed;
        }

        // A worse new side with a costlier machine, or a better one with a cheaper machine, by any probe.
        bool newWorse = comparison.Verdict == Verdict.Slower;
        foreach (MachineProbe probe in MachineProbe.All)
        {
            double? baseMedian = baseCell.Probed(probe).Median, newMedian = newCell.Probed(probe).Median;
            if (MachineDrift.Shift(probe, baseMedian, newMedian) is double shift && (shift > 0) == newWorse)
            {
                return ShiftNote(probe, shift, baseMedian!.Value, newMedian!.Value);
            }
        }

        return null;
    }

    /// <summary>Why a change in the direction a probe moved cannot stand, with the two medians.</summary>
    private static string ShiftNote(MachineProbe probe, double shift, double baseMedian, double newMedian)
    {
        string medians = $"{probe.Reading} median {probe.Format(baseMedian)} -> {probe.Format(newMedian)} {probe.Unit}";
        string percent = FormattableString.Invariant($"{Math.Abs(shift) * 100:0} %");
        return probe == MachineProbe.Speed
            ? $"the host ran the new side's CPUs {percent} {(shift > 0 ? "slower" : "faster")} than the base's ({medians}), in the change's direction"
            : $"{probe.Subject} was {percent} {(shift > 0 ? "higher" : "lower")} for the new side than for the base ({medians}), in the change's direction";
    }

    private static string Launches(double[] medians) =>
        string.Join(" / ", medians.Select(m => m.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Joins what <paramref name="problem"/> says about each side as "base: …; new: …"; null if neither has one.</summary>
    private static string? Describe(ResultCell baseCell, ResultCell newCell, Func<ResultCell, string?> problem)
    {
        string?[] parts = [problem(baseCell) is { } b ? $"base: {b}" : null, problem(newCell) is { } n ? $"new: {n}" : null];
        string[] present = [.. parts.OfType<string>()];
        return present.Length == 0 ? null : string.Join("; ", present);
    }

    private static RuntimeSummary Summarize(IGrouping<string, CellComparison> cells)
    {
        int Count(Verdict v) => cells.Count(c => c.Verdict == v);
        double? geomean = Descriptive.GeometricMean(
            cells.Where(c => c.Verdict is Verdict.Faster or Verdict.Slower or Verdict.Same)
                .Select(c => c.Comparison!.Ratio ?? double.NaN));
        return new RuntimeSummary(
            cells.Key,
            Count(Verdict.Faster),
            Count(Verdict.Slower),
            Count(Verdict.Same),
            Count(Verdict.InsufficientData),
            Count(Verdict.Unsure),
            cells.Count(c => c.Outcome != CellOutcome.Compared),
            geomean);
    }
}
