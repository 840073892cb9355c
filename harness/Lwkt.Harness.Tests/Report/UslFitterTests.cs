using Lwkt.Harness.Report;

namespace Lwkt.Harness.Tests.Report;

public sealed class UslFitterTests
{
    private static readonly int[] s_cores = [1, 2, 4, 8, 16, 32, 64];

    private static (int, double)[] Exact(UslModel model, IEnumerable<int> cores) =>
        [.. cores.Select(n => (n, model.Throughput(n)))];

    [Fact]
    public void Recovers_known_coefficients_from_exact_data()
    {
        var truth = new UslModel(1e6, 0.05, 0.002);

        UslModel fit = UslFitter.Fit(Exact(truth, s_cores)).Model;

        Assert.Equal(truth.Lambda, fit.Lambda, truth.Lambda * 1e-4);
        Assert.Equal(truth.Sigma, fit.Sigma, 1e-5);
        Assert.Equal(truth.Kappa, fit.Kappa, 1e-6);
        Assert.Equal(Math.Sqrt(0.95 / 0.002), fit.PeakCores!.Value, 0.1);
    }

    [Fact]
    public void Recovers_known_coefficients_from_noisy_iterations_within_tolerance()
    {
        var truth = new UslModel(2.5e6, 0.08, 0.0005);
        var random = new Random(42);
        (int, double)[] points =
        [
            .. s_cores.SelectMany(n => Enumerable.Range(0, 10)
                .Select(_ => (n, truth.Throughput(n) * (1 + (0.02 * ResultRows.Gaussian(random)))))),
        ];

        UslFit fit = UslFitter.Fit(points);

        Assert.InRange(fit.Model.Sigma, 0.07, 0.09);
        Assert.InRange(fit.Model.Kappa, 0.0004, 0.0006);
        Assert.InRange(fit.Model.PeakCores!.Value, 38, 48); // truth: sqrt(0.92 / 0.0005) = 42.9
        Assert.InRange(fit.RelativeRmse, 0.01, 0.03);        // about the 2 % noise put in
    }

    [Fact]
    public void Amdahl_data_fits_with_no_coherency_term_and_no_peak()
    {
        var truth = new UslModel(1e5, 0.1, 0);

        UslModel fit = UslFitter.Fit(Exact(truth, [1, 2, 4, 8])).Model;

        Assert.Equal(0.1, fit.Sigma, 1e-5);
        Assert.True(fit.Kappa < 1e-7, $"kappa {fit.Kappa}");
        Assert.True(fit.PeakCores is null or > 1000);
    }

    [Fact]
    public void Linear_scaling_fits_zero_contention()
    {
        UslModel fit = UslFitter.Fit(Exact(new UslModel(3e6, 0, 0), [1, 2, 3])).Model;

        Assert.Equal(3e6, fit.Lambda, 1);
        Assert.True(fit.Sigma < 1e-7 && fit.Kappa < 1e-8, $"sigma {fit.Sigma}, kappa {fit.Kappa}");
        Assert.Null(new UslModel(3e6, 0, 0).PeakCores);
    }

    [Fact]
    public void Retrograde_data_from_three_core_counts_is_fitted_exactly()
    {
        var truth = new UslModel(1e6, 0.2, 0.05);

        UslFit fit = UslFitter.Fit(Exact(truth, [1, 2, 4]));

        Assert.Equal(0.2, fit.Model.Sigma, 1e-4);
        Assert.Equal(0.05, fit.Model.Kappa, 1e-5);
        Assert.True(fit.RelativeRmse < 1e-6);
    }

    [Fact]
    public void Fewer_than_three_core_counts_is_refused()
    {
        Assert.Throws<ArgumentException>(() => UslFitter.Fit([(1, 1e6), (1, 1.1e6), (2, 1.9e6)]));
    }
}
