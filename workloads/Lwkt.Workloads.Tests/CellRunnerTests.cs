using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests;

/// <summary>Cell checking: names, parameters, canonical strings, unsupported cells.</summary>
public sealed class CellRunnerTests
{
    private static string AnyRuntime => TestCells.Runtimes[0];

    [Fact]
    public void Catalogue_has_the_thirteen_contract_names()
    {
        string[] names = ["uncontended", "yield", "counter", "multilock", "hold-block", "pingpong", "pipeline",
            "spawn", "rwlock", "herd", "namecache", "sleep", "hog"];

        Assert.Equal(names, WorkloadCatalog.All.Select(w => w.Name));
        Assert.All(WorkloadCatalog.All, w => Assert.False(string.IsNullOrWhiteSpace(w.Description)));
    }

    [Fact]
    public void Runtime_catalogue_has_the_six_names_each_described()
    {
        Assert.Equal(["lwkt", "os-monitor", "os-futex", "os-lock", "os-spin", "tpl-async"], RuntimeCatalog.Names);
        Assert.All(RuntimeCatalog.Names, n => Assert.False(string.IsNullOrWhiteSpace(RuntimeCatalog.Describe(n))));
    }

    [Fact]
    public void Every_workload_runs_on_every_runtime_by_declaration()
    {
        Assert.All(WorkloadCatalog.All, w => Assert.All(RuntimeCatalog.Names, r => Assert.Null(w.UnsupportedReason(r))));
    }

    /// <summary>
    /// Cells and their canonical parameter strings: counter's documented defaults; names matched ignoring case, values
    /// trimmed and normalised, sorted, defaults filled in; a choice value in its declared spelling; a workload without
    /// parameters.
    /// </summary>
    public static TheoryData<string, int, string[], string> CanonicalCases => new()
    {
        { "counter", 1, [], "cs_ns=100;think_ns=100" },
        { "multilock", 1, ["THINK_NS", " 007 ", "k", "3"], "cs_ns=100;k=3;locks=16;think_ns=7" },
        { "pingpong", 2, ["placement", "SAME"], "placement=same" },
        { "yield", 1, [], "" },
    };

    [Theory]
    [MemberData(nameof(CanonicalCases))]
    public void Canonical_parameters_are_sorted_normalised_and_complete(string workload, int threads, string[] keysAndValues, string canonical)
    {
        (string, string)[] parameters = [.. keysAndValues.Chunk(2).Select(kv => (kv[0], kv[1]))];
        using var runner = new CellRunner(TestCells.Cell(workload, AnyRuntime, threads, parameters));

        Assert.Equal(canonical, runner.CanonicalParameters);
    }

    [Fact]
    public void Every_default_is_accepted_and_canonical()
    {
        foreach (WorkloadDefinition workload in WorkloadCatalog.All)
        {
            Dictionary<string, string> defaults = workload.Parameters.ToDictionary(p => p.Name, p => p.Default);
            var spec = new CellSpec(workload.Name, AnyRuntime, 1, 2, defaults, TestCells.Duration, 1);
            using var runner = new CellRunner(spec);

            Assert.Equal(
                string.Join(';', workload.Parameters.Select(p => $"{p.Name}={p.Default}").Order(StringComparer.Ordinal)),
                runner.CanonicalParameters);
        }
    }

    [Theory]
    [InlineData("counter", "cs", "1", "no parameter 'cs'")]
    [InlineData("counter", "cs_ns", "fast", "must be an integer")]
    [InlineData("counter", "cs_ns", "-1", "must be in 0..")]
    [InlineData("rwlock", "read_pct", "101", "must be in 0..100")]
    [InlineData("pingpong", "placement", "far", "must be one of auto|same|cross")]
    [InlineData("multilock", "k", "17", "must not exceed 'locks'")]
    [InlineData("spawn", "count", "1", "must be at least threads")]
    public void Bad_parameter_throws_a_clear_argument_exception(string workload, string name, string value, string message)
    {
        var spec = new CellSpec(workload, AnyRuntime, 1, 2, new Dictionary<string, string> { [name] = value }, TestCells.Duration, 1);
        if (workload == "spawn")
        {
            spec = spec with { Parameters = new Dictionary<string, string> { ["park"] = "1", [name] = value } };
        }

        ArgumentException e = Assert.Throws<ArgumentException>(() => new CellRunner(spec));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_workload_lists_the_known_ones()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new CellRunner(TestCells.Cell("countre", AnyRuntime, 1)));

        Assert.Contains("unknown workload 'countre'", e.Message, StringComparison.Ordinal);
        Assert.Contains("counter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_runtime_lists_the_known_ones()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new CellRunner(TestCells.Cell("counter", "os-mutex", 1)));

        Assert.Contains("unknown runtime 'os-mutex'", e.Message, StringComparison.Ordinal);
        Assert.Contains("os-futex", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, 50)]
    [InlineData(1, 0, 50)]
    [InlineData(1, 1, 0)]
    public void Bad_shape_throws(int cores, int threads, int durationMs)
    {
        var spec = new CellSpec("counter", AnyRuntime, cores, threads, new Dictionary<string, string>(), TimeSpan.FromMilliseconds(durationMs), 1);

        Assert.Throws<ArgumentException>(() => new CellRunner(spec));
    }

    [Fact]
    public void Cross_placement_on_one_core_is_unsupported_with_the_reason()
    {
        var spec = new CellSpec("pingpong", AnyRuntime, 1, 2, new Dictionary<string, string> { ["placement"] = "cross" }, TestCells.Duration, 1);
        using var runner = new CellRunner(spec);

        IterationResult result = runner.RunIteration(0);

        Assert.Equal(IterationResult.StatusUnsupported, result.Status);
        Assert.Contains("2 cores", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Result_carries_process_and_fairness_figures()
    {
        using var runner = new CellRunner(TestCells.Cell("counter", AnyRuntime, 2));

        IterationResult result = TestCells.RunOnce(runner, "counter");

        Assert.Equal(IterationResult.StatusOk, result.Status);
        Assert.True((result[Metric.CpuUserS] ?? 0) + (result[Metric.CpuSysS] ?? 0) > 0);
        Assert.True(result[Metric.PeakRssBytes] > 0);
        Assert.NotNull(result[Metric.LatencyP50]);
        Assert.True(result[Metric.LatencyP50] <= result[Metric.LatencyMax]);
        Assert.True(result[Metric.CpuNsPerOp] > 0);
        Assert.StartsWith("threads_run=2", result.Detail, StringComparison.Ordinal);
    }
}
