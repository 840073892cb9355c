using System.Diagnostics.CodeAnalysis;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Machine;
using Lwkt.Harness.Results;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Running;

/// <summary>
/// Expands a suite and the options into the run's cells, in a deterministic order (workload, parameters, cores,
/// threads, runtime: the runtimes of one cell shape run back to back), checks every name and value against the
/// catalogue and the host (bad input → <see cref="UsageException"/>), and applies <c>--shard</c>.
/// </summary>
public sealed class RunPlanner
{
    private readonly CatalogMessage _catalog;
    private readonly CpuTopology _topology;
    private readonly Func<IReadOnlyList<CellRequest>, IReadOnlyList<PlanResult>> _plan;

    /// <summary>Creates a planner that asks <paramref name="host"/> for the catalogue and the cells' canonical form.</summary>
    public RunPlanner(HostClient host, CpuTopology topology)
        : this((host ?? throw new ArgumentNullException(nameof(host))).Catalog(), topology, host.Plan)
    {
    }

    /// <summary>Creates a planner over a given catalogue and canonicalisation (tests plan without a host).</summary>
    internal RunPlanner(CatalogMessage catalog, CpuTopology topology, Func<IReadOnlyList<CellRequest>, IReadOnlyList<PlanResult>> plan)
    {
        _catalog = catalog;
        _topology = topology;
        _plan = plan;
    }

    /// <summary>
    /// The per-cell timeout when none is given: a minute, or ten times the cell's expected time; re-armed by every
    /// iteration (<see cref="RunPlan.TimeoutPerIteration"/>).
    /// </summary>
    public static TimeSpan DefaultTimeout(TimeSpan estimatedCellTime) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, estimatedCellTime.Ticks * 10));

    /// <summary>Builds the plan.</summary>
    /// <exception cref="UsageException">An unknown name, a malformed or out-of-range value.</exception>
    public RunPlan Build(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SuiteDefinition suite = Suites.Resolve(options.Suite);
        string suiteName = suite.Name ?? options.Suite;
        IReadOnlyList<CatalogWorkload> workloads = SelectWorkloads(options.Workloads ?? suite.Workloads, options.Workloads is null ? $"suite {suiteName}" : "--workloads");
        IReadOnlyList<string> runtimes = SelectRuntimes(options.Runtimes ?? suite.Runtimes, options.Runtimes is null ? $"suite {suiteName}" : "--runtimes");
        string coresSource = options.Cores is null ? $"suite {suiteName} cores" : "--cores";
        IReadOnlyList<int> cores = (options.Cores ?? CoreSelection.Parse(suite.Cores ?? "1,all", coresSource)).Resolve(_topology.Count, coresSource);
        Dictionary<string, IReadOnlyList<string>> parameters = MergeParams(suite, options, workloads);

        TimeSpan duration = options.Duration ?? ValueParsers.ParseDuration(suite.Duration ?? "150ms", $"suite {suiteName} duration");
        int warmup = options.Warmup ?? suite.Warmup ?? 1;
        int iterations = options.Iterations ?? suite.Iterations ?? 3;
        if (warmup < 0 || iterations < 1)
        {
            throw new UsageException($"suite {suiteName}: warmup must be ≥ 0 and iterations ≥ 1");
        }

        if (options.Launches > 1 && options.Trace != TraceProfile.Off)
        {
            throw new UsageException("--launches with --trace: trace one launch (leave --launches out); its trace files would overwrite each other");
        }

        var specs = new List<(CellKey Key, Dictionary<string, string> Given)>();
        var seen = new HashSet<(string, string, int, int, string)>();
        foreach (CatalogWorkload workload in workloads)
        {
            IReadOnlyList<ThreadCount> threads = ThreadsFor(workload.Name, suite, options, suiteName);
            foreach (Dictionary<string, string> given in Combinations(workload, parameters))
            {
                string givenText = string.Join(';', given.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
                foreach (int c in cores)
                {
                    foreach (int t in threads.Select(x => x.Resolve(c)).Distinct().Order())
                    {
                        if (t > ValueParsers.MaxThreads)
                        {
                            throw new UsageException($"threads {t} at cores {c} exceeds the limit of {ValueParsers.MaxThreads}");
                        }

                        foreach (string runtime in runtimes)
                        {
                            if (seen.Add((workload.Name, runtime, c, t, givenText)))
                            {
                                specs.Add((new CellKey(workload.Name, runtime, c, t, givenText), given));
                            }
                        }
                    }
                }
            }
        }

        IReadOnlyList<PlannedCell> cells = Canonicalize(specs, duration, warmup, iterations, options.Seed);
        if (IsEveryRuntime(options.Runtimes ?? suite.Runtimes))
        {
            // A floor chosen as one of "every runtime" runs only beside the workload it is the floor of: its other
            // cells would be rows saying "unsupported" in every run of the default suite. Named, it keeps them.
            cells = [.. cells.Where(c => c.UnsupportedReason is null || !IsFloor(c.Key.Runtime))];
        }

        IReadOnlyList<PlannedCell> mine = options.Shard is { } shard ? Shard(cells, shard.Index, shard.Count) : cells;
        var plan = new RunPlan
        {
            SuiteName = suiteName,
            Cells = mine,
            MatrixCells = cells.Count,
            Duration = duration,
            Warmup = warmup,
            WarmupMax = options.WarmupMax,
            Iterations = iterations,
            Launches = options.Launches,
            Timeout = TimeSpan.Zero,
            Seed = options.Seed,
            Trace = options.Trace,
            TraceWindow = options.TraceWindow is null ? Tracing.TraceWindow.Whole : Tracing.TraceWindow.Parse(options.TraceWindow, iterations),
            Shard = options.Shard,
        };
        return plan with { Timeout = options.Timeout ?? DefaultTimeout(plan.EstimatedCellTime), TimeoutPerIteration = options.Timeout is null };
    }

    /// <summary>
    /// Shard <paramref name="index"/> of <paramref name="count"/> (1-based): every <paramref name="count"/>-th cell
    /// of the matrix order, starting at <paramref name="index"/> − 1. Round robin keeps shards balanced (cells of
    /// one workload have similar cost) and the union of all shards is the matrix, each cell exactly once.
    /// </summary>
    public static IReadOnlyList<PlannedCell> Shard(IReadOnlyList<PlannedCell> cells, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return [.. cells.Where((_, i) => i % count == index - 1)];
    }

    private IReadOnlyList<PlannedCell> Canonicalize(
        List<(CellKey Key, Dictionary<string, string> Given)> specs, TimeSpan duration, int warmup, int iterations, int seed)
    {
        CellRequest[] requests = [.. specs.Select(s => new CellRequest
        {
            Workload = s.Key.Workload,
            Runtime = s.Key.Runtime,
            Cores = s.Key.Cores,
            Threads = s.Key.Threads,
            Params = s.Given,
            DurationMs = duration.TotalMilliseconds,
            Warmup = warmup,
            Iterations = iterations,
            Seed = seed,
        })];
        IReadOnlyList<PlanResult> answers = _plan(requests);
        var cells = new List<PlannedCell>(specs.Count);
        var keys = new HashSet<CellKey>();
        for (int i = 0; i < specs.Count; i++)
        {
            if (answers[i].Error is { } error)
            {
                throw new UsageException(error);
            }

            CellKey key = specs[i].Key with { Params = answers[i].Params };
            if (keys.Add(key))
            {
                cells.Add(new PlannedCell(key, specs[i].Given, _topology.CpusFor(key.Cores), answers[i].Unsupported));
            }
        }

        return cells;
    }

    private IReadOnlyList<CatalogWorkload> SelectWorkloads(IReadOnlyList<string>? names, string source)
    {
        if (names is null || names.Count == 0 || (names.Count == 1 && names[0] == "all"))
        {
            return _catalog.Workloads;
        }

        return [.. names.Select(name => _catalog.Workloads.FirstOrDefault(w => w.Name == name)
            ?? throw new UsageException(
                $"{source}: unknown workload '{name}' (workloads: {string.Join(", ", _catalog.Workloads.Select(w => w.Name))})"))];
    }

    private static bool IsEveryRuntime([NotNullWhen(false)] IReadOnlyList<string>? names) =>
        names is null || names.Count == 0 || (names.Count == 1 && names[0] == "all");

    private bool IsFloor(string runtime) => _catalog.Runtimes.Any(r => r.Floor && r.Name == runtime);

    private IReadOnlyList<string> SelectRuntimes(IReadOnlyList<string>? names, string source)
    {
        if (IsEveryRuntime(names))
        {
            return [.. _catalog.Runtimes.Select(r => r.Name)];
        }

        foreach (string name in names)
        {
            if (!_catalog.Runtimes.Any(r => r.Name == name))
            {
                throw new UsageException(
                    $"{source}: unknown runtime '{name}' (runtimes: {string.Join(", ", _catalog.Runtimes.Select(r => r.Name))})");
            }
        }

        return names;
    }

    private static IReadOnlyList<ThreadCount> ThreadsFor(string workload, SuiteDefinition suite, RunOptions options, string suiteName)
    {
        if (options.Threads is not null)
        {
            return options.Threads;
        }

        return suite.WorkloadThreads is not null && suite.WorkloadThreads.TryGetValue(workload, out string? own)
            ? ValueParsers.ParseThreads(own, $"suite {suiteName} workload_threads.{workload}")
            : ValueParsers.ParseThreads(suite.Threads ?? "4", $"suite {suiteName} threads");
    }

    /// <summary>Suite parameters, overridden by <c>--param</c>; each must belong to at least one selected workload.</summary>
    private static Dictionary<string, IReadOnlyList<string>> MergeParams(
        SuiteDefinition suite, RunOptions options, IReadOnlyList<CatalogWorkload> workloads)
    {
        var merged = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string values) in suite.Params ?? [])
        {
            merged[name] = ParameterSweep.Parse($"{name}={values}").Values;
        }

        foreach ((string name, IReadOnlyList<string> values) in options.Params)
        {
            if (!workloads.Any(w => w.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))))
            {
                throw new UsageException(
                    $"--param {name}: none of the selected workloads ({string.Join(", ", workloads.Select(w => w.Name))}) has a parameter '{name}'");
            }

            merged[name] = values;
        }

        return merged;
    }

    /// <summary>Every combination of the values of the parameters <paramref name="workload"/> has.</summary>
    private static IEnumerable<Dictionary<string, string>> Combinations(
        CatalogWorkload workload, Dictionary<string, IReadOnlyList<string>> parameters)
    {
        var own = parameters
            .Select(p => (Param: workload.Parameters.FirstOrDefault(q => string.Equals(q.Name, p.Key, StringComparison.OrdinalIgnoreCase)), Values: p.Value))
            .Where(p => p.Param is not null)
            .OrderBy(p => p.Param!.Name, StringComparer.Ordinal)
            .ToList();
        IEnumerable<Dictionary<string, string>> combinations = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach ((CatalogParameter? param, IReadOnlyList<string> values) in own)
        {
            combinations = combinations.SelectMany(c => values.Select(v => new Dictionary<string, string>(c, StringComparer.Ordinal) { [param!.Name] = v }));
        }

        return combinations;
    }
}
