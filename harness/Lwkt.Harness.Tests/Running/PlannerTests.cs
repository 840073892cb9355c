using Lwkt.Harness.Machine;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Tests.Running;

public sealed class PlannerTests
{
    private static readonly string[] s_runtimes = ["lwkt", "os-monitor", "os-futex", "os-lock", "os-spin", "tpl-async"];

    /// <summary>A catalogue shaped like the real one (13 workloads, 6 runtimes), so planning needs no host.</summary>
    private static CatalogMessage Catalog() => new()
    {
        Workloads =
        [
            .. new[] { "uncontended", "yield", "multilock", "hold-block", "pingpong", "pipeline", "rwlock", "herd", "namecache", "sleep", "hog" }
                .Select(n => new CatalogWorkload { Name = n }),
            new CatalogWorkload { Name = "spawn", Parameters = [new CatalogParameter { Name = "batch", Default = "16" }] },
            new CatalogWorkload
            {
                Name = "counter",
                Parameters = [new CatalogParameter { Name = "cs_ns", Default = "100" }, new CatalogParameter { Name = "think_ns", Default = "100" }],
                Unsupported = new() { ["os-spin"] = "test reason" },
            },
        ],
        Runtimes = [.. s_runtimes.Select(r => new CatalogRuntime { Name = r })],
    };

    /// <summary>What the host's plan mode does: defaults filled in and sorted; a bad value is an error.</summary>
    private static IReadOnlyList<PlanResult> Canonicalize(IReadOnlyList<CellRequest> cells) =>
        [.. cells.Select(c =>
        {
            CatalogWorkload workload = Catalog().Workloads.Single(w => w.Name == c.Workload);
            if (c.Params.Any(p => !p.Value.All(char.IsDigit)))
            {
                return new PlanResult { Error = $"{c.Workload}: bad value" };
            }

            var values = workload.Parameters.ToDictionary(p => p.Name, p => c.Params.GetValueOrDefault(p.Name, p.Default));
            return new PlanResult
            {
                Params = string.Join(';', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}")),
                Unsupported = workload.Unsupported.GetValueOrDefault(c.Runtime),
            };
        })];

    private static RunPlanner Planner(int cpus) => new(Catalog(), CpuTopology.Of([.. Enumerable.Range(0, cpus)]), Canonicalize);

    [Fact]
    public void The_default_quick_suite_is_every_workload_on_every_runtime_at_one_and_all_cores()
    {
        RunPlan plan = Planner(2).Build(new RunOptions());

        Assert.Equal(13 * 6 * 2, plan.Cells.Count);
        Assert.Equal([1, 2], plan.Cells.Select(c => c.Key.Cores).Distinct().Order());
        Assert.All(plan.Cells.Where(c => c.Key.Workload != "uncontended"), c => Assert.Equal(4, c.Key.Threads));
        Assert.All(plan.Cells.Where(c => c.Key.Workload == "uncontended"), c => Assert.Equal(1, c.Key.Threads));
        Assert.Equal("quick", plan.SuiteName);
        Assert.Equal(TimeSpan.FromMilliseconds(150), plan.Duration);
        Assert.Equal([0, 1], plan.Cells.Single(c => c.Key is { Workload: "counter", Runtime: "lwkt", Cores: 2 }).Cpus);
        Assert.Equal("test reason", plan.Cells.First(c => c.Key is { Workload: "counter", Runtime: "os-spin" }).UnsupportedReason);
        Assert.Equal("cs_ns=100;think_ns=100", plan.Cells.First(c => c.Key.Workload == "counter").Key.Params);
    }

    /// <summary>
    /// A floor (async-floor, the floor of yield) among "every runtime" adds its own workload's cells and none of the
    /// "unsupported" rows of the others; named with --runtimes, it keeps them (the user asked for those cells).
    /// </summary>
    [Fact]
    public void A_floor_among_every_runtime_runs_only_its_own_workload_and_keeps_the_rest_when_named()
    {
        CatalogMessage catalog = Catalog() with
        {
            Runtimes = [.. s_runtimes.Select(r => new CatalogRuntime { Name = r }), new CatalogRuntime { Name = "async-floor", Floor = true }],
        };
        IReadOnlyList<PlanResult> WithFloor(IReadOnlyList<CellRequest> cells) =>
            [.. Canonicalize(cells).Zip(cells, (r, c) => c.Runtime == "async-floor" && c.Workload != "yield" ? r with { Unsupported = "a floor of yield" } : r)];
        var planner = new RunPlanner(catalog, CpuTopology.Of([0, 1]), WithFloor);

        RunPlan every = planner.Build(new RunOptions());
        RunPlan all = planner.Build(new RunOptions { Runtimes = ["all"] });
        RunPlan named = planner.Build(new RunOptions { Runtimes = ["lwkt", "async-floor"] });

        Assert.Equal((13 * 6 * 2) + 2, every.Cells.Count);
        Assert.Equal(["yield"], every.Cells.Where(c => c.Key.Runtime == "async-floor").Select(c => c.Key.Workload).Distinct());
        Assert.Equal(every.Cells.Count, all.Cells.Count);
        Assert.Equal(13 * 2, named.Cells.Count(c => c.Key.Runtime == "async-floor"));
        Assert.Equal(12 * 2, named.Cells.Count(c => c.Key.Runtime == "async-floor" && c.UnsupportedReason is not null));
    }

    [Fact]
    public void The_full_suite_sweeps_threads_to_1024_with_oversubscription_and_cores_to_all()
    {
        RunPlan plan = Planner(6).Build(new RunOptions { Suite = "full", Workloads = ["yield"], Runtimes = ["lwkt"] });

        Assert.Equal([1, 2, 4, 6], plan.Cells.Select(c => c.Key.Cores).Distinct().Order());
        int[] threadsAt6 = [.. plan.Cells.Where(c => c.Key.Cores == 6).Select(c => c.Key.Threads)];
        Assert.Equal([1, 2, 4, 8, 12, 16, 24, 32, 64, 128, 256, 512, 1024], threadsAt6);
    }

    [Fact]
    public void Options_override_the_suite_and_param_values_sweep()
    {
        RunPlan plan = Planner(2).Build(new RunOptions
        {
            Workloads = ["counter"],
            Runtimes = ["os-monitor"],
            Cores = CoreSelection.Parse("1,2"),
            Threads = ValueParsers.ParseThreads("4"),
            Params = [ParameterSweep.Parse("cs_ns=10,1000")],
            Duration = TimeSpan.FromSeconds(1),
        });

        Assert.Equal(4, plan.Cells.Count);
        Assert.Equal(["cs_ns=10;think_ns=100", "cs_ns=1000;think_ns=100"], plan.Cells.Select(c => c.Key.Params).Distinct());
        Assert.Equal(TimeSpan.FromSeconds(1), plan.Duration);
        Assert.Equal(TimeSpan.FromMinutes(1), plan.Timeout);
    }

    [Theory]
    [InlineData("workloads", "countr", "unknown workload 'countr'")]
    [InlineData("runtimes", "os-mutex", "unknown runtime 'os-mutex'")]
    [InlineData("cores", "3", "--cores 3: this machine lets the harness use 2 CPUs")]
    [InlineData("param", "spin_ns=5", "--param spin_ns: none of the selected workloads")]
    [InlineData("param", "cs_ns=abc", "counter: bad value")]
    [InlineData("suite", "nosuch", "--suite 'nosuch' is neither a suite (quick, full, scaling)")]
    public void Bad_names_and_values_are_usage_errors(string option, string value, string message)
    {
        RunOptions options = option switch
        {
            "workloads" => new RunOptions { Workloads = [value] },
            "runtimes" => new RunOptions { Runtimes = [value] },
            "cores" => new RunOptions { Cores = CoreSelection.Parse(value) },
            "param" => new RunOptions { Params = [ParameterSweep.Parse(value)] },
            _ => new RunOptions { Suite = value },
        };

        var ex = Assert.Throws<UsageException>(() => Planner(2).Build(options));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_partition_the_matrix_deterministically()
    {
        RunPlanner planner = Planner(2);
        RunPlan whole = planner.Build(new RunOptions());
        RunPlan[] shards = [.. Enumerable.Range(1, 3).Select(i => planner.Build(new RunOptions { Shard = (i, 3) }))];

        CellKey[] union = [.. shards.SelectMany(s => s.Cells).Select(c => c.Key)];
        Assert.Equal(whole.Cells.Count, union.Length);
        Assert.Equal(whole.Cells.Select(c => c.Key).ToHashSet(), union.ToHashSet());
        Assert.All(shards, s => Assert.InRange(s.Cells.Count, whole.Cells.Count / 3, (whole.Cells.Count / 3) + 1));
        Assert.All(shards, s => Assert.Equal(whole.Cells.Count, s.MatrixCells));
        Assert.Equal(shards[1].Cells.Select(c => c.Key), planner.Build(new RunOptions { Shard = (2, 3) }).Cells.Select(c => c.Key));
    }

    [Fact]
    public void Suite_files_fill_missing_fields_from_quick_and_refuse_unknown_fields()
    {
        using var temp = new TempFolder();
        string file = temp.Sub("mine.json");
        File.WriteAllText(file, """{ "workloads": ["counter"], "cores": "1", "threads": "2,8", "duration": "50ms" }""");
        RunPlan plan = Planner(2).Build(new RunOptions { Suite = file });
        Assert.Equal("mine", plan.SuiteName);
        Assert.Equal(6 * 2, plan.Cells.Count);
        Assert.Equal(3, plan.Iterations);

        File.WriteAllText(file, """{ "workload": ["counter"] }""");
        var ex = Assert.Throws<UsageException>(() => Planner(2).Build(new RunOptions { Suite = file }));
        Assert.Contains("suite file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checked_in_scaling_suite_sweeps_threads_at_one_and_two_cores()
    {
        RunPlan plan = Planner(2).Build(new RunOptions { Suite = "scaling" });

        Assert.Equal("scaling", plan.SuiteName);
        Assert.Equal(5, plan.Iterations);
        Assert.Equal(["counter", "hold-block", "namecache", "pingpong", "spawn"], plan.Cells.Select(c => c.Key.Workload).Distinct().Order());
        Assert.Equal(s_runtimes.Order(), plan.Cells.Select(c => c.Key.Runtime).Distinct().Order());
        Assert.Equal([1, 2], plan.Cells.Select(c => c.Key.Cores).Distinct().Order());
        Assert.Equal([1, 2, 4, 16, 64, 256], plan.Cells.Where(c => c.Key.Workload == "counter").Select(c => c.Key.Threads).Distinct().Order());
        Assert.Equal([2, 4, 16, 64, 256], plan.Cells.Where(c => c.Key.Workload == "pingpong").Select(c => c.Key.Threads).Distinct().Order());
        Assert.Equal(6 * 2 * ((4 * 6) + 5), plan.Cells.Count);
        Assert.All(plan.Cells.Where(c => c.Key.Workload == "spawn"), c => Assert.Equal("batch=1", c.Key.Params));
    }
}
