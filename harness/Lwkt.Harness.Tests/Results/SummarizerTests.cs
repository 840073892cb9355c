using Lwkt.Harness.Results;

namespace Lwkt.Harness.Tests.Results;

public sealed class SummarizerTests
{
    private static ResultRow Row(int iteration, double opsPerS, string runtime = "lwkt", string status = RowStatus.Ok)
    {
        ResultRow row = ResultsFileTests.Sample(iteration, status);
        row.Runtime = runtime;
        row[Metric.OpsPerSecond] = status == RowStatus.Ok ? opsPerS : null;
        return row;
    }

    [Fact]
    public void A_cell_is_summarised_by_the_median_range_and_confidence_interval_of_its_ok_iterations()
    {
        SummaryRow summary = Assert.Single(Summarizer.Summarize([Row(1, 100), Row(2, 110), Row(3, 90), Row(4, 105), Row(5, 95)]));

        Assert.Equal(RowStatus.Ok, summary.Status);
        Assert.Equal(5, summary.Iterations);
        Assert.Equal(90, summary.OpsPerSMin);
        Assert.Equal(110, summary.OpsPerSMax);
        Assert.InRange(summary.OpsPerSMedian!.Value, 95, 105);
        Assert.True(summary.OpsPerSCi95Lower <= summary.OpsPerSMedian && summary.OpsPerSMedian <= summary.OpsPerSCi95Upper);
        Assert.Null(summary.Error);
    }

    [Fact]
    public void A_failure_row_sets_the_cells_status_and_error_and_stays_out_of_the_statistics()
    {
        SummaryRow summary = Assert.Single(Summarizer.Summarize([Row(1, 100), Row(2, 0, status: RowStatus.Crashed)]));

        Assert.Equal(RowStatus.Crashed, summary.Status);
        Assert.Equal(1, summary.Iterations);
        Assert.Equal(100, summary.OpsPerSMedian);
        Assert.Null(summary.OpsPerSCi95Lower);
        Assert.Contains("line one", summary.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_are_kept_apart_in_first_seen_order()
    {
        IReadOnlyList<SummaryRow> summary = Summarizer.Summarize([Row(1, 1, "os-futex"), Row(1, 2, "lwkt"), Row(2, 3, "os-futex")]);

        Assert.Equal(["os-futex", "lwkt"], summary.Select(s => s.Key.Runtime));
        Assert.Equal([2, 1], summary.Select(s => s.Iterations));
    }

    [Fact]
    public void Only_measured_steady_rows_enter_the_statistics_and_a_never_steady_cell_has_none()
    {
        ResultRow Warm(int i, double ops)
        {
            ResultRow row = Row(i, ops);
            row.Phase = ResultRow.PhaseWarmup;
            row.Steady = false;
            return row;
        }

        ResultRow Steady(int i, double ops, bool steady)
        {
            ResultRow row = Row(i, ops);
            row.Steady = steady;
            return row;
        }

        SummaryRow settled = Assert.Single(Summarizer.Summarize([Warm(1, 10), Warm(2, 50), Steady(1, 100, true), Steady(2, 100, true)]));
        Assert.Equal(100, settled.OpsPerSMedian);
        Assert.Equal(2, settled.Iterations);
        Assert.Equal(2, settled.WarmupIterations);
        Assert.True(settled.Steady);

        SummaryRow unsteady = Assert.Single(Summarizer.Summarize([Warm(1, 10), Warm(2, 50), Steady(1, 100, false), Steady(2, 101, false)]));
        Assert.True(unsteady.NeverSteady);
        Assert.Equal(0, unsteady.Iterations);
        Assert.Null(unsteady.OpsPerSMedian);
        Assert.Empty(unsteady.Medians);
    }
}
