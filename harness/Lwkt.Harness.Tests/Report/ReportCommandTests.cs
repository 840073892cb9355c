using System.Xml.Linq;
using Lwkt.Harness.Report;

namespace Lwkt.Harness.Tests.Report;

public sealed class ReportCommandTests : IDisposable
{
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _dir = Directory.CreateTempSubdirectory("lwkt-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Two runtimes on <paramref name="cores"/> (threads = 4) following known USL curves, plus threads
    /// <paramref name="sweptThreads"/> (1 and 8 unless given) at 2 cores.
    /// </summary>
    private static List<ResultRow> Rows(int[] cores, int[]? sweptThreads = null)
    {
        var random = new Random(7);
        var models = new Dictionary<string, UslModel>
        {
            ["lwkt"] = new(3e6, 0.02, 0.01),
            ["os-futex"] = new(2e6, 0.3, 0.02),
        };
        var rows = new List<ResultRow>();
        foreach ((string runtime, UslModel model) in models)
        {
            foreach (int n in cores)
            {
                rows.AddRange(ResultRows.Cell(random, "counter", runtime, n, 4, model.Throughput(n), iterations: 5));
            }

            foreach (int threads in sweptThreads ?? [1, 8])
            {
                rows.AddRange(ResultRows.Cell(random, "counter", runtime, 2, threads, model.Throughput(2) * (threads == 1 ? 0.5 : 0.9), iterations: 5));
            }
        }

        rows.Add(ResultRows.Failed("counter", "lwkt", 8, 4, RowStatus.Timeout, "no progress for 30 s"));
        return rows;
    }

    private string WriteResults(IEnumerable<ResultRow> rows)
    {
        string folder = Path.Combine(_dir, "run");
        ResultsFile.Write(Path.Combine(folder, ResultsFile.FileName), rows);
        return folder;
    }

    [Fact]
    public void Report_renders_png_svg_and_markdown_with_the_model_marked_as_such()
    {
        string run = WriteResults(Rows([1, 2, 4]));
        string outDir = Path.Combine(_dir, "out");

        (int exitCode, string output, string error) = CommandRunner.Run(ReportCommand.Create(), run, "--out", outDir);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.Contains("report.md", output, StringComparison.Ordinal);
        string[] pngs = Directory.GetFiles(outDir, "*.png");
        string[] svgs = Directory.GetFiles(outDir, "*.svg");
        Assert.Equal(4, pngs.Length); // throughput vs cores, vs threads, latency, USL
        Assert.Equal(pngs.Length, svgs.Length);
        Assert.All(pngs, png => Assert.Equal(s_pngSignature, File.ReadAllBytes(png)[..8]));
        Assert.All(svgs, svg => Assert.Equal("svg", XDocument.Load(svg).Root!.Name.LocalName));

        string markdown = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.All(pngs, png => Assert.Contains($"]({Path.GetFileName(png)})", markdown, StringComparison.Ordinal));
        Assert.Contains("a model, not a measurement", markdown, StringComparison.Ordinal);
        Assert.Contains("| counter | cs_ns=100 | lwkt, threads=4 | cores | 1, 2, 4 |", markdown, StringComparison.Ordinal);
        Assert.Contains("model X(256)", markdown, StringComparison.Ordinal);
        Assert.Contains("`counter[cs_ns=100] lwkt cores=8 threads=4`: timeout: no progress for 30 s", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fitted_model_in_the_report_matches_the_curve_the_data_came_from()
    {
        ReportContent content = ReportBuilder.Build(Rows([1, 2, 4, 8, 16]));

        ScalabilityEstimate lwkt = content.Scalability.Single(e => e.Series.Label == "lwkt, threads=4");
        Assert.NotNull(lwkt.Fit);
        Assert.InRange(lwkt.Fit.Model.Sigma, 0, 0.06);
        Assert.InRange(lwkt.Fit.Model.Kappa, 0.007, 0.013);
    }

    [Fact]
    public void Two_core_counts_and_one_thread_count_say_not_enough_to_fit_and_still_render()
    {
        string run = WriteResults(Rows([1, 2], sweptThreads: []));

        (int exitCode, _, _) = CommandRunner.Run(ReportCommand.Create(), run);

        Assert.Equal(0, exitCode);
        string markdown = File.ReadAllText(Path.Combine(run, "report", "report.md"));
        Assert.Contains("| lwkt | cores | 1, 2 | not enough core counts to fit (measured: 1, 2) |", markdown, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(run, "report"), "usl-*.png"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(run, "report"), "throughput-vs-cores-*.png"));
    }

    [Fact]
    public void Two_core_counts_fit_over_threads_and_the_report_says_so()
    {
        string run = WriteResults(Rows([1, 2]));

        (int exitCode, _, _) = CommandRunner.Run(ReportCommand.Create(), run);

        Assert.Equal(0, exitCode);
        string folder = Path.Combine(run, "report");
        string markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("| counter | cs_ns=100 | lwkt, cores=2 | threads | 1, 4, 8 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| counter | cs_ns=100 | os-futex, cores=2 | threads | 1, 4, 8 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("not enough core counts", markdown, StringComparison.Ordinal);
        string usl = Assert.Single(Directory.GetFiles(folder, "usl-*.svg"));
        Assert.Contains("USL model over threads", File.ReadAllText(usl), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fit_over_threads_recovers_the_curve_the_data_came_from()
    {
        var model = new UslModel(1e6, 0.05, 0.002);
        var random = new Random(11);
        List<ResultRow> rows =
        [
            .. new[] { 1, 2, 4, 16, 64, 256 }.SelectMany(t => ResultRows.Cell(random, "counter", "lwkt", 2, t, model.Throughput(t), iterations: 5)),
            .. ResultRows.Cell(random, "counter", "lwkt", 1, 4, model.Throughput(4), iterations: 5),
        ];

        ScalabilityEstimate estimate = ReportBuilder.Build(rows).Scalability.Single(e => e.Fit is not null);

        Assert.Equal(ScalingAxis.Threads, estimate.Axis);
        Assert.Equal("lwkt, cores=2", estimate.Series.Label);
        Assert.InRange(estimate.Fit!.Model.Sigma, 0.02, 0.08);
        Assert.InRange(estimate.Fit.Model.Kappa, 0.001, 0.003);
    }

    [Theory]
    [InlineData(0.02, 0.01, "9.9")]
    [InlineData(0.3, 0, "none (κ = 0)")]
    [InlineData(1.08, 0.0007, "1 (σ ≥ 1: falls from the start)")]
    public void The_model_peak_column_says_why_there_is_no_interior_peak(double sigma, double kappa, string expected) =>
        Assert.Equal(expected, ReportMarkdown.PeakText(new UslModel(1e6, sigma, kappa)));

    [Fact]
    public void Chart_renderer_draws_plain_data_on_log_and_categorical_axes()
    {
        var chart = new LineChart(
            "latency",
            "percentile",
            "ns",
            [new ChartSeries("a", 0, [0, 1, 2], [150, 900, 42_000], [120, 700, 30_000], [200, 1500, 90_000])],
            XScale: AxisScale.Categorical,
            YScale: AxisScale.Log10,
            Categories: ["p50", "p99", "max"]);
        string png = Path.Combine(_dir, "c.png");
        string svg = Path.Combine(_dir, "c.svg");

        ChartRenderer.Render(chart, png, svg);

        Assert.Equal(s_pngSignature, File.ReadAllBytes(png)[..8]);
        string svgText = File.ReadAllText(svg);
        Assert.Contains("p99", svgText, StringComparison.Ordinal);
        Assert.Contains("10 µs", svgText, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_csv_and_missing_files_exit_2_with_one_line()
    {
        string bad = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(bad, "workload,runtime\ncounter,lwkt\n");

        (int badCode, _, string badError) = CommandRunner.Run(ReportCommand.Create(), bad);
        (int missingCode, _, string missingError) = CommandRunner.Run(ReportCommand.Create(), Path.Combine(_dir, "none"));

        Assert.Equal(ExitCodes.Usage, badCode);
        Assert.Equal(ExitCodes.Usage, missingCode);
        Assert.Single(badError.TrimEnd('\n').Split('\n'));
        Assert.Contains("missing column", badError, StringComparison.Ordinal);
        Assert.Contains("no such results file", missingError, StringComparison.Ordinal);
    }
}
