using Lwkt.Harness.Compare;

namespace Lwkt.Harness.Tests.Compare;

public sealed class SampleComparerTests
{
    private static double[] Noisy(Random random, double center, int count, double cv = 0.025) =>
        [.. Enumerable.Range(0, count).Select(_ => center * (1 + (cv * ResultRows.Gaussian(random))))];

    private static SampleComparison Compare(Metric metric, double[] baseline, double[] current, int minIterations = 5) =>
        new SampleComparer(CompareOptions.For(metric) with { MinIterations = minIterations }).Compare(baseline, current);

    [Fact]
    public void Identical_samples_are_same()
    {
        double[] values = Noisy(new Random(1), 1e6, 10);

        SampleComparison result = Compare(Metric.OpsPerSecond, values, values);

        Assert.Equal(Verdict.Same, result.Verdict);
        Assert.Equal(1.0, result.Ratio);
        Assert.Equal(0, result.Shift.Estimate);
        Assert.InRange(0, result.Shift.Lower, result.Shift.Upper);
    }

    [Fact]
    public void Throughput_down_20_percent_is_slower_and_up_20_percent_is_faster()
    {
        var random = new Random(2);
        double[] baseline = Noisy(random, 1e6, 10);

        SampleComparison down = Compare(Metric.OpsPerSecond, baseline, Noisy(random, 0.8e6, 10));
        SampleComparison up = Compare(Metric.OpsPerSecond, baseline, Noisy(random, 1.2e6, 10));

        Assert.Equal(Verdict.Slower, down.Verdict);
        Assert.InRange(down.Ratio!.Value, 0.75, 0.85);
        Assert.True(down.Shift.Upper < 0, "the whole shift interval lies below zero");
        Assert.Equal(Verdict.Faster, up.Verdict);
    }

    [Fact]
    public void Lower_is_better_metrics_flip_the_direction()
    {
        var random = new Random(3);
        double[] baseline = Noisy(random, 100, 10);

        Assert.Equal(Verdict.Slower, Compare(Metric.NsPerOp, baseline, Noisy(random, 120, 10)).Verdict);
        Assert.Equal(Verdict.Faster, Compare(Metric.LatencyP99, Noisy(random, 10_000, 10), Noisy(random, 8_000, 10)).Verdict);
    }

    [Fact]
    public void Two_percent_change_of_a_quiet_cell_is_same_and_of_a_noisy_one_never_a_verdict()
    {
        var random = new Random(4);
        double[] quiet = Noisy(random, 1e6, 10, cv: 0.005);
        double[] noisy = Noisy(random, 1e6, 10);

        Assert.Equal(Verdict.Same, Compare(Metric.OpsPerSecond, quiet, Noisy(random, 0.98e6, 10, cv: 0.005)).Verdict);
        Assert.Equal(Verdict.Same, Compare(Metric.OpsPerSecond, quiet, Noisy(random, 1.02e6, 10, cv: 0.005)).Verdict);
        Assert.Contains(Compare(Metric.OpsPerSecond, noisy, Noisy(random, 0.98e6, 10)).Verdict, new[] { Verdict.Same, Verdict.Unsure });
        Assert.Contains(Compare(Metric.OpsPerSecond, noisy, Noisy(random, 1.02e6, 10)).Verdict, new[] { Verdict.Same, Verdict.Unsure });
    }

    [Fact]
    public void A_change_below_the_absolute_noise_floor_is_same_even_when_large_in_percent()
    {
        var random = new Random(5);
        double[] baseline = Noisy(random, 1.0, 10, cv: 0.01);
        double[] current = Noisy(random, 1.1, 10, cv: 0.01);

        // 1.0 ns -> 1.1 ns: +10 %, clearly significant, but within ns_per_op's 0.3 ns floor.
        Assert.Equal(Verdict.Same, Compare(Metric.NsPerOp, baseline, current).Verdict);
        var noFloor = CompareOptions.For(Metric.NsPerOp) with { Noise = 0 };
        Assert.Equal(Verdict.Slower, new SampleComparer(noFloor).Compare(baseline, current).Verdict);
    }

    [Fact]
    public void Too_few_iterations_give_insufficient_data_not_a_verdict()
    {
        var random = new Random(6);

        SampleComparison result = Compare(Metric.OpsPerSecond, Noisy(random, 1e6, 3), Noisy(random, 0.5e6, 3));

        Assert.Equal(Verdict.InsufficientData, result.Verdict);
        Assert.Contains("--min-iterations 5", result.Reason, StringComparison.Ordinal);
        Assert.InRange(result.Ratio!.Value, 0.4, 0.6);
    }

    [Fact]
    public void Sizes_at_which_the_test_cannot_reach_alpha_give_insufficient_data_whatever_the_minimum()
    {
        var random = new Random(7);

        // 4 + 4 values: the smallest Mann-Whitney p-value is 1/70 = 0.014, above alpha = 0.01.
        SampleComparison result = Compare(Metric.OpsPerSecond, Noisy(random, 1e6, 4), Noisy(random, 0.8e6, 4), minIterations: 3);

        Assert.Equal(Verdict.InsufficientData, result.Verdict);
        Assert.Contains("cannot reach", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Shift_interval_covers_the_true_shift_with_the_asked_coverage()
    {
        var random = new Random(8);
        int covered = 0;
        const int Trials = 200;
        for (int t = 0; t < Trials; t++)
        {
            ShiftInterval s = ShiftEstimator.Estimate(Noisy(random, 110, 10), Noisy(random, 100, 10), 0.95);
            Assert.True(s.Lower <= s.Estimate && s.Estimate <= s.Upper);
            Assert.InRange(s.Confidence, 0.95, 0.97);
            covered += s.Lower <= 10 && 10 <= s.Upper ? 1 : 0;
        }

        // Binomial(200, 0.95): below 180 would be a 4-sigma event.
        Assert.InRange(covered, 180, Trials);
    }

    [Fact]
    public void Shift_interval_of_tiny_samples_is_the_full_range_with_its_real_coverage()
    {
        ShiftInterval s = ShiftEstimator.Estimate([3, 4], [1, 2], 0.95);

        Assert.Equal(1, s.Lower);
        Assert.Equal(3, s.Upper);
        Assert.Equal(2, s.Estimate);
        Assert.Equal(1 - (2.0 / 6), s.Confidence, 6);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(10, 12)]
    [InlineData(30, 30)]
    [InlineData(60, 60)]
    public void Shift_interval_coverage_is_the_smallest_attainable_at_or_above_the_asked_level(int n, int m)
    {
        var random = new Random(n + m);

        ShiftInterval s = ShiftEstimator.Estimate(Noisy(random, 100, n), Noisy(random, 100, m), 0.95);

        Assert.InRange(s.Confidence, 0.95, n + m > 20 ? 0.96 : 0.99);
        Assert.True(s.Lower < s.Estimate && s.Estimate < s.Upper);
    }

    [Fact]
    public void Same_is_answered_only_when_the_shift_interval_lies_inside_the_band()
    {
        // Noisy and quiet cells, unchanged and changed by up to 25 %, 5 to 10 iterations a side.
        var random = new Random(40);
        int same = 0, unsure = 0;
        foreach (double cv in new[] { 0.01, 0.05, 0.15, 0.3 })
        {
            foreach (double factor in new[] { 0.75, 0.9, 0.97, 1.0, 1.03, 1.25 })
            {
                foreach (int n in new[] { 5, 8, 10 })
                {
                    var comparer = new SampleComparer(CompareOptions.For(Metric.OpsPerSecond));
                    double[] baseline = Noisy(random, 1e6, n, cv);
                    SampleComparison result = comparer.Compare(baseline, Noisy(random, 1e6 * factor, n, cv));
                    double band = comparer.Band(result.BaseMedian);
                    bool inside = result.Shift.Lower >= -band && result.Shift.Upper <= band;
                    Assert.Equal(inside && result.Verdict is not (Verdict.Faster or Verdict.Slower), result.Verdict == Verdict.Same);
                    same += result.Verdict == Verdict.Same ? 1 : 0;
                    unsure += result.Verdict == Verdict.Unsure ? 1 : 0;
                }
            }
        }

        // Both outcomes occur, so the rule is exercised on both sides.
        Assert.InRange(same, 1, 71);
        Assert.InRange(unsure, 1, 71);
    }

    [Fact]
    public void A_shift_interval_spanning_minus_50_to_plus_25_percent_is_unsure_not_same()
    {
        // The first example: an interval far wider than the band, in both directions.
        double[] baseline = [1.6e6, 0.7e6, 1.3e6, 0.5e6, 1.1e6, 0.9e6, 1.5e6, 0.6e6];
        double[] current = [1.2e6, 0.4e6, 1.4e6, 0.45e6, 0.8e6, 1.0e6, 1.3e6, 0.5e6];

        SampleComparison result = Compare(Metric.OpsPerSecond, baseline, current);

        Assert.True(result.Shift.Lower < -0.25 * result.BaseMedian && result.Shift.Upper > 0.05 * result.BaseMedian, $"{result.Shift}");
        Assert.Equal(Verdict.Unsure, result.Verdict);
        Assert.Contains("leaves the band", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_25_percent_slowdown_that_the_test_cannot_show_is_unsure_not_same()
    {
        // The second example: a noisy counter cell slowed by exactly 25 % (8 + 8 iterations); the interval
        // lies entirely beyond the 5 % threshold, but the equivalence test at alpha 0.01 is not significant.
        double[] baseline = [2.6e6, 1.5e6, 2.1e6, 3.0e6, 1.8e6, 2.4e6, 1.2e6, 2.8e6];
        double[] current = [.. baseline.Select(v => v * 0.75)];

        SampleComparison result = Compare(Metric.OpsPerSecond, baseline, current);

        Assert.NotEqual(Verdict.Same, result.Verdict);
        Assert.NotEqual(Verdict.Faster, result.Verdict);
        if (result.Verdict == Verdict.Unsure)
        {
            Assert.True(result.Shift.Lower < -0.05 * result.BaseMedian, $"{result.Shift}");
        }
    }

    [Fact]
    public void A_quiet_unchanged_cell_is_still_same()
    {
        var random = new Random(41);

        SampleComparison result = Compare(Metric.OpsPerSecond, Noisy(random, 1e6, 8, 0.01), Noisy(random, 1e6, 8, 0.01));

        Assert.Equal(Verdict.Same, result.Verdict);
        Assert.Null(result.Reason);
    }
}
