using Lwkt.Harness.Compare;

namespace Lwkt.Harness.Tests.Compare;

public sealed class ResultSetComparerTests
{
    private static readonly CompareOptions s_options = CompareOptions.For(Metric.OpsPerSecond);

    [Fact]
    public void Identical_result_sets_have_no_regression()
    {
        List<ResultRow> rows = ResultRows.Suite(seed: 10);

        ComparisonReport report = ResultSetComparer.Compare(rows, rows, s_options);

        Assert.False(report.HasRegression);
        Assert.Equal(8, report.Cells.Count);
        Assert.All(report.Cells, c => Assert.Equal(Verdict.Same, c.Verdict));
        Assert.All(report.Runtimes, r => Assert.Equal(1.0, r.GeometricMeanRatio!.Value, 9));
    }

    [Fact]
    public void Two_independent_runs_of_the_same_code_have_no_regression()
    {
        ComparisonReport report = ResultSetComparer.Compare(ResultRows.Suite(seed: 11), ResultRows.Suite(seed: 12), s_options);

        Assert.False(report.HasRegression);
        Assert.Empty(report.With(Verdict.Faster));
    }

    [Fact]
    public void A_20_percent_slowdown_of_one_cell_flags_only_that_cell()
    {
        List<ResultRow> baseRows = ResultRows.Suite(seed: 13);
        List<ResultRow> newRows = ResultRows.Suite(
            seed: 14, k => k is { Workload: "counter", Runtime: "lwkt", Cores: 2 } ? k.Baseline * 0.8 : k.Baseline);

        ComparisonReport report = ResultSetComparer.Compare(baseRows, newRows, s_options);

        CellComparison slower = Assert.Single(report.With(Verdict.Slower));
        Assert.Equal(new CellKey("counter", "lwkt", 2, 4, "cs_ns=100"), slower.Key);
        Assert.Equal(7, report.With(Verdict.Same).Count());
        Assert.True(report.HasRegression);
        RuntimeSummary lwkt = report.Runtimes.Single(r => r.Runtime == "lwkt");
        Assert.Equal(1, lwkt.Slower);
        Assert.InRange(lwkt.GeometricMeanRatio!.Value, 0.9, 0.97);
        Assert.Equal(0, report.Runtimes.Single(r => r.Runtime == "os-monitor").Slower);
    }

    [Fact]
    public void A_2_percent_change_everywhere_is_never_a_verdict_and_same_only_where_shown()
    {
        List<ResultRow> baseRows = ResultRows.Suite(seed: 15);
        List<ResultRow> newRows = ResultRows.Suite(seed: 16, k => k.Baseline * 0.98);

        ComparisonReport report = ResultSetComparer.Compare(baseRows, newRows, s_options);

        Assert.All(report.Cells, c => Assert.True(c.Verdict is Verdict.Same or Verdict.Unsure, $"{c.Key}: {c.Verdict}"));
        Assert.All(report.With(Verdict.Same), c => Assert.InRange(c.Comparison!.Shift.Lower, -0.05 * c.Comparison.BaseMedian, c.Comparison.Shift.Upper));
        Assert.All(report.With(Verdict.Same), c => Assert.True(c.Comparison!.Shift.Upper <= 0.05 * c.Comparison.BaseMedian));
        Assert.Equal(report.Cells.Count, report.Runtimes.Sum(r => r.Same + r.Unsure));
    }

    [Fact]
    public void Cells_on_one_side_only_are_listed_not_dropped()
    {
        List<ResultRow> baseRows = ResultRows.Suite(seed: 17);
        List<ResultRow> newRows = ResultRows.Suite(seed: 18);
        baseRows.RemoveAll(r => r is { Workload: "yield", Runtime: "lwkt", Cores: 1 });
        newRows.RemoveAll(r => r is { Workload: "counter", Runtime: "os-monitor", Cores: 2 });

        ComparisonReport report = ResultSetComparer.Compare(baseRows, newRows, s_options);

        Assert.Equal(new CellKey("yield", "lwkt", 1, 4, "cs_ns=100"), Assert.Single(report.With(CellOutcome.OnlyInNew)).Key);
        Assert.Equal(new CellKey("counter", "os-monitor", 2, 4, "cs_ns=100"), Assert.Single(report.With(CellOutcome.OnlyInBase)).Key);
        Assert.Equal(6, report.With(CellOutcome.Compared).Count());
        Assert.Equal(1, report.Runtimes.Single(r => r.Runtime == "lwkt").Uncompared);
    }

    [Fact]
    public void Rows_that_are_not_ok_are_never_compared_as_numbers()
    {
        List<ResultRow> baseRows = ResultRows.Suite(seed: 19);
        List<ResultRow> newRows = ResultRows.Suite(
            seed: 20, k => k is { Workload: "counter", Runtime: "lwkt", Cores: 1 } ? k.Baseline * 0.1 : k.Baseline);

        // The collapsed cell failed its own validation in one iteration: its numbers are not a measurement.
        newRows.First(r => r is { Workload: "counter", Runtime: "lwkt", Cores: 1 }).Status = RowStatus.Invalid;
        newRows.First(r => r is { Workload: "counter", Runtime: "lwkt", Cores: 1 }).Error = "counter 9 != 10";
        baseRows.RemoveAll(r => r is { Workload: "yield", Runtime: "os-monitor", Cores: 2 });
        baseRows.Add(ResultRows.Failed("yield", "os-monitor", 2, 4, RowStatus.Crashed, "exit code 134\nstack..."));

        ComparisonReport report = ResultSetComparer.Compare(baseRows, newRows, s_options);

        CellComparison[] notOk = [.. report.With(CellOutcome.NotOk)];
        Assert.Equal(2, notOk.Length);
        Assert.Equal("new: invalid: counter 9 != 10", notOk[0].Note);
        Assert.Equal("base: crashed: exit code 134", notOk[1].Note);
        Assert.All(notOk, c => Assert.Null(c.Comparison));
        Assert.False(report.HasRegression);
    }

    [Fact]
    public void Cells_without_the_metric_are_listed_as_such()
    {
        List<ResultRow> rows = ResultRows.Suite(seed: 21);
        foreach (ResultRow row in rows.Where(r => r.Workload == "yield"))
        {
            row[Metric.LatencyP99] = null;
        }

        ComparisonReport report = ResultSetComparer.Compare(rows, rows, CompareOptions.For(Metric.LatencyP99));

        Assert.Equal(4, report.With(CellOutcome.NoMetric).Count());
        Assert.All(report.With(CellOutcome.NoMetric), c => Assert.Equal("base: no lat_p99_ns; new: no lat_p99_ns", c.Note));
        Assert.Equal(4, report.With(Verdict.Same).Count());
    }

    [Fact]
    public void A_never_steady_cell_is_listed_as_such_never_compared()
    {
        List<ResultRow> baseRows = ResultRows.Suite(seed: 30);
        List<ResultRow> newRows = ResultRows.Suite(seed: 31);
        foreach (ResultRow row in newRows.Where(r => r is { Workload: "yield", Runtime: "lwkt", Cores: 1 }))
        {
            row.Steady = false;
        }

        ComparisonReport report = ResultSetComparer.Compare(baseRows, newRows, s_options);

        AssertListedNotCompared(report, CellOutcome.NotSteady, ("yield", "lwkt", 1), "new: never steady (warm-up hit its cap)");
    }

    [Fact]
    public void A_cell_whose_kept_iterations_were_disturbed_is_listed_as_such_and_replaced_ones_are_left_out()
    {
        List<ResultRow> baseRows = ResultRows.Suite(seed: 32);
        List<ResultRow> newRows = ResultRows.Suite(seed: 33);
        foreach (ResultRow row in baseRows.Concat(newRows))
        {
            row[Metric.ForeignCpuShare] = 0.01;
        }

        // counter/lwkt/1: two kept iterations disturbed (the child's replacement budget ran out).
        ResultRow[] counter = [.. newRows.Where(r => r is { Workload: "counter", Runtime: "lwkt", Cores: 1 })];
        counter[0][Metric.ForeignCpuShare] = 0.46;
        counter[1][Metric.ForeignCpuShare] = 0.2;

        // yield/lwkt/1: a disturbed iteration that was replaced, slowed tenfold: it must not count.
        ResultRow replaced = newRows.First(r => r is { Workload: "yield", Runtime: "lwkt", Cores: 1 });
        newRows.Add(new ResultRow
        {
            Workload = replaced.Workload, Runtime = replaced.Runtime, Cores = replaced.Cores, Threads = replaced.Threads,
            Params = replaced.Params, Status = RowStatus.Ok, Phase = ResultRow.PhaseDisturbed, Steady = true,
            [Metric.OpsPerSecond] = replaced[Metric.OpsPerSecond] / 10, [Metric.ForeignCpuShare] = 0.6,
        });

        ComparisonReport report = ResultSetComparer.Compare(baseRows, newRows, s_options);

        AssertListedNotCompared(report, CellOutcome.Disturbed, ("counter", "lwkt", 1), "new: 2 of 10 iterations disturbed (other work took up to 46 % of the CPUs)");
        CellComparison yield = report.Cells.Single(c => c.Key is { Workload: "yield", Runtime: "lwkt", Cores: 1 });
        Assert.Equal(10, yield.Comparison!.NewCount);
        Assert.False(report.HasRegression);
    }

    [Fact]
    public void With_several_launches_a_change_stands_only_when_every_launch_agrees()
    {
        // A bimodal cell (two launches of one commit at 14.8 M and 8.4 M ops/s, as lwkt yield at 1 core measured):
        // pooled, base and new differ significantly, yet one launch of each side sits at each level.
        var random = new Random(40);
        List<ResultRow> Launches(params double[] levels) =>
            [.. levels.SelectMany((level, l) => ResultRows.Cell(random, "yield", "lwkt", 1, 2, level, iterations: 6)
                .Select(r => { r.Detail = $"launch={l + 1}"; return r; }))];

        ComparisonReport overlapping = ResultSetComparer.Compare(Launches(14.8e6, 14.6e6, 14.4e6, 8.4e6), Launches(8.4e6, 8.3e6, 8.5e6, 14.0e6), s_options);
        CellComparison cell = Assert.Single(overlapping.Cells);
        Assert.Equal(Verdict.Unsure, cell.Verdict);
        Assert.StartsWith("the launches overlap (launch medians base 1.4", cell.Comparison!.Reason, StringComparison.Ordinal);
        Assert.Equal(24, cell.Comparison.NewCount);

        // Every new launch below every base launch: a real slowdown stays Slower.
        ComparisonReport separated = ResultSetComparer.Compare(Launches(14.8e6, 14.5e6, 14.6e6), Launches(8.4e6, 8.3e6, 8.5e6), s_options);
        Assert.Equal(Verdict.Slower, Assert.Single(separated.Cells).Verdict);
    }

    [Fact]
    public void A_change_the_machine_moved_with_is_unsure_and_one_against_it_stands()
    {
        var random = new Random(41);
        List<ResultRow> Run(double opsPerSecond, params double[] machine) =>
            ResultRows.WithMetric(ResultRows.Cell(random, "pingpong", "lwkt", 1, 2, opsPerSecond, iterations: machine.Length), Metric.MachineNsPerStep, machine);

        double[] fast = [.. Enumerable.Repeat(1.542, 10)];
        double[] slow = [.. Enumerable.Repeat(1.620, 10)];
        List<ResultRow> baseRows = Run(8e6, fast);

        // 20 % fewer ops/s on a host 5 % slower: the machine may be the cause.
        CellComparison slower = Assert.Single(ResultSetComparer.Compare(baseRows, Run(6.4e6, slow), s_options).Cells);
        Assert.Equal(Verdict.Unsure, slower.Verdict);
        Assert.Equal("the host ran the new side's CPUs 5 % slower than the base's (calibration median 1.542 -> 1.620 ns per step), in the change's direction", slower.Comparison!.Reason);

        // The same change on the same machine, or on a faster one, is a regression.
        Assert.Equal(Verdict.Slower, Assert.Single(ResultSetComparer.Compare(baseRows, Run(6.4e6, fast), s_options).Cells).Verdict);
        Assert.Equal(Verdict.Slower, Assert.Single(ResultSetComparer.Compare(Run(8e6, slow), Run(6.4e6, fast), s_options).Cells).Verdict);

        // New iterations that swung in step with the host (half of them slowed with it): not judged either.
        List<ResultRow> swinging = [.. Run(6.4e6, fast).Take(5), .. Run(4.0e6, slow).Take(5)];
        CellComparison followed = Assert.Single(ResultSetComparer.Compare(baseRows, swinging, s_options).Cells);
        Assert.Equal(Verdict.Unsure, followed.Verdict);
        Assert.StartsWith("new: iterations swung", followed.Comparison!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cross_cpu_change_the_transfer_cost_moved_with_is_unsure_and_one_against_it_stands()
    {
        var random = new Random(42);
        List<ResultRow> Run(double opsPerSecond, params double[] transfer) =>
            ResultRows.WithMetric(
                ResultRows.WithMetric(
                    ResultRows.Cell(random, "pingpong", "lwkt", 2, 2, opsPerSecond, iterations: transfer.Length, parameters: "placement=cross"),
                    Metric.MachineNsPerStep,
                    [.. Enumerable.Repeat(1.542, transfer.Length)]),
                Metric.MachineTransferNs,
                transfer);

        // The development VM's host states: ≈ 120 ns and ≈ 450 ns per line round trip.
        double[] near = [.. Enumerable.Repeat(120.0, 10)];
        double[] far = [.. Enumerable.Repeat(450.0, 10)];
        List<ResultRow> baseRows = Run(1.6e6, near);

        // 40 % fewer round trips a second with the line 3.75 times dearer: the host's placement may be the cause.
        CellComparison slower = Assert.Single(ResultSetComparer.Compare(baseRows, Run(0.96e6, far), s_options).Cells);
        Assert.Equal(Verdict.Unsure, slower.Verdict);
        Assert.Equal("the cross-CPU transfer cost was 275 % higher for the new side than for the base (transfer probe median 120 -> 450 ns per round trip), in the change's direction", slower.Comparison!.Reason);

        // Within the probe's own repeatability (under 30 %), or against the change: a regression stands.
        double[] nearish = [.. Enumerable.Repeat(140.0, 10)];
        Assert.Equal(Verdict.Slower, Assert.Single(ResultSetComparer.Compare(baseRows, Run(0.96e6, nearish), s_options).Cells).Verdict);
        Assert.Equal(Verdict.Slower, Assert.Single(ResultSetComparer.Compare(Run(1.6e6, far), Run(0.96e6, near), s_options).Cells).Verdict);

        // New iterations that swung in step with the transfer cost: not judged either, and the note says which probe.
        List<ResultRow> swinging = [.. Run(1.2e6, near).Take(5), .. Run(0.6e6, far).Take(5)];
        CellComparison followed = Assert.Single(ResultSetComparer.Compare(baseRows, swinging, s_options).Cells);
        Assert.Equal(Verdict.Unsure, followed.Verdict);
        Assert.StartsWith("new: iterations swung", followed.Comparison!.Reason, StringComparison.Ordinal);
        Assert.Contains("in step with the cross-CPU transfer cost (transfer probe 275 %", followed.Comparison.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Warmup_rows_never_enter_a_comparison()
    {
        List<ResultRow> baseRows = ResultRows.Suite(seed: 32);
        List<ResultRow> newRows = ResultRows.Suite(seed: 33);

        // Cold warm-up iterations, ten times slower, in the new set only: still no regression.
        newRows.AddRange(ResultRows.Suite(seed: 34, k => k.Baseline / 10, iterations: 5).Select(r =>
        {
            r.Phase = ResultRow.PhaseWarmup;
            r.Steady = false;
            return r;
        }));
        ComparisonReport report = ResultSetComparer.Compare(baseRows, newRows, s_options);

        Assert.False(report.HasRegression);
        Assert.All(report.Cells, c => Assert.Equal(10, c.Comparison!.NewCount));
    }

    /// <summary>
    /// Of the suite's eight cells exactly one, <paramref name="cell"/>, has <paramref name="outcome"/>: listed with
    /// <paramref name="note"/> and no verdict; the seven others were compared.
    /// </summary>
    private static void AssertListedNotCompared(ComparisonReport report, CellOutcome outcome, (string Workload, string Runtime, int Cores) cell, string note)
    {
        CellComparison listed = Assert.Single(report.With(outcome));
        Assert.Equal(cell, (listed.Key.Workload, listed.Key.Runtime, listed.Key.Cores));
        Assert.Null(listed.Verdict);
        Assert.Equal(note, listed.Note);
        Assert.Equal(7, report.With(CellOutcome.Compared).Count());
    }
}
