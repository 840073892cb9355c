using System.Globalization;
using System.Security.Cryptography;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Display;
using Lwkt.Harness.Floor;
using Lwkt.Harness.Machine;
using Lwkt.Harness.Results;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Running;

/// <summary>
/// Runs a plan: one child per cell, rows appended and flushed to <c>results.csv</c> as each cell ends, then
/// <c>summary.csv</c> and <c>env.json</c>. Cancellation (Ctrl-C) kills the current child, discards that cell only
/// and still writes the summary, so <c>--resume</c> can complete the run later.
/// </summary>
public sealed class BenchmarkRunner
{
    private readonly RunPlan _plan;
    private readonly RunOptions _options;
    private readonly string _hostDll;
    private readonly ICellHook? _hook;
    private readonly IReadOnlyList<string> _commandLine;

    /// <summary>Creates a runner.</summary>
    /// <param name="plan">The cells and how to run them.</param>
    /// <param name="options">The options as given (for <c>--out</c>, <c>--resume</c> and <c>env.json</c>).</param>
    /// <param name="hostDll">The host program.</param>
    /// <param name="hook">The per-cell hook (tracing), or null.</param>
    /// <param name="commandLine">The command line, recorded in <c>env.json</c>.</param>
    public BenchmarkRunner(RunPlan plan, RunOptions options, string hostDll, ICellHook? hook, IReadOnlyList<string> commandLine)
    {
        _plan = plan;
        _options = options;
        _hostDll = hostDll;
        _hook = hook;
        _commandLine = commandLine;
    }

    /// <summary>A new run id: UTC start time and a random suffix (<c>20250101-120000-3fa2</c>).</summary>
    public static string NewRunId() =>
        DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-"
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

    /// <summary>Runs the plan, reporting to <paramref name="progress"/>.</summary>
    /// <exception cref="UsageException">The output folder holds results and <c>--resume</c> was not given, or
    /// <c>--resume</c> without <c>--out</c>.</exception>
    public async Task<RunResult> RunAsync(IRunProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        (string runId, string folder, IReadOnlyList<ResultRow> existing) = PrepareFolder();
        string resultsPath = Path.Combine(folder, ResultsFile.FileName);
        var done = existing.Select(CellKey.Of).ToHashSet();
        PlannedCell[] toRun = [.. _plan.Cells.Where(c => !done.Contains(c.Key))];
        int resumed = _plan.Cells.Count - toRun.Length;

        CpuTopology topology = CpuTopology.Current();
        MachineInfo machine = MachineInfo.Collect(RepositoryPaths.FindRoot() ?? Directory.GetCurrentDirectory(), topology);
        var rows = new RowFactory(runId, machine, _plan.Trace, _plan.TraceWindow);
        var executor = new CellExecutor(_hostDll, _hook, _options.ChildEnvironment, _options.ForceThreadAffinity);
        string envPath = Path.Combine(folder, RunEnvironmentFile.FileName);
        RunEnvironment environment = Environment(runId, machine, resumed);
        RunEnvironmentFile.Write(envPath, environment);

        if (resumed > 0)
        {
            progress.Note($"resuming {folder}: {resumed} of {_plan.Cells.Count} cells already have rows");
        }

        progress.Note($"run {runId}: {toRun.Length} cells → {folder}");
        ReadyMessage? firstReady = null;
        int ran = 0;
        // Launches are interleaved: every cell's first launch, then every cell's second, and so on. Consecutive launches
        // of one cell would share the machine's state of those seconds; spread over the run, they sample its drift (a
        // cell of one commit measured 4.8 M ops/s in three launches at 06:08 and 2.9 M in three at 06:15 on the 2-core
        // VM), and compare's launch rule then sees it. A cell whose launch failed runs no further launch.
        (PlannedCell Cell, int Launch)[] steps =
            [.. Enumerable.Range(1, _plan.Launches).SelectMany(launch => toRun.Where(c => launch == 1 || c.UnsupportedReason is null).Select(c => (c, launch)))];
        var failed = new HashSet<CellKey>();
        FloorLog? floors = _options.Floor ? new FloorLog(folder) : null;
        (int, int)? floorCpus = FloorProbe.Cpus(topology);
        bool interrupted = await progress.RunAsync(_plan, steps.Length, async () =>
        {
            for (int i = 0; i < steps.Length; i++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return true;
                }

                (PlannedCell cell, int launch) = steps[i];
                if (failed.Contains(cell.Key))
                {
                    continue;
                }

                progress.CellStarted(i + 1, cell);
                IReadOnlyList<ResultRow> stepRows;
                TimeSpan elapsed = TimeSpan.Zero;
                if (cell.UnsupportedReason is { } reason)
                {
                    stepRows = [rows.Unsupported(cell, reason)];
                }
                else
                {
                    ChildOutcome outcome;
                    bool probe = floors is not null && floorCpus is not null && cell.Key.Cores >= 2;
                    if (probe)
                    {
                        floors!.Record(cell.Key, launch, "before", FloorProbe.Measure(floorCpus!.Value));
                    }

                    try
                    {
                        outcome = await executor.RunAsync(cell, _plan, folder, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return true;
                    }

                    if (outcome.KilledByInterrupt && !cancellationToken.IsCancellationRequested)
                    {
                        // Ctrl-C on a terminal signals the child too; the harness's own handler may run a moment
                        // later. A child ended by that signal is the interruption, not a crash of the cell.
                        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                    }

                    if (cancellationToken.IsCancellationRequested && outcome.FailureStatus is not null)
                    {
                        return true;
                    }

                    if (probe)
                    {
                        floors!.Record(cell.Key, launch, "after", FloorProbe.Measure(floorCpus!.Value));
                    }

                    firstReady ??= outcome.Ready;
                    elapsed = outcome.Elapsed;
                    stepRows = rows.From(cell, outcome, launch, _plan);
                    if (outcome.FailureStatus is not null)
                    {
                        failed.Add(cell.Key);
                    }
                }

                ResultsFile.Append(resultsPath, stepRows);
                ran++;
                progress.CellFinished(i + 1, cell, Summarizer.Summarize(stepRows)[0], elapsed);
            }

            return false;
        }).ConfigureAwait(false);

        IReadOnlyList<ResultRow> all = ResultsFile.ReadIfExists(resultsPath);
        IReadOnlyList<SummaryRow> summary = Summarizer.WriteFile(Path.Combine(folder, Summarizer.FileName), all);
        RunEnvironmentFile.Write(envPath, environment with
        {
            State = interrupted ? "interrupted" : "finished",
            EndedUtc = DateTime.UtcNow,
            ChildDotnetVersion = firstReady?.DotnetVersion,
            GcMode = firstReady?.GcMode,
            TieredCompilation = firstReady?.TieredCompilation,
            JitConfig = firstReady?.JitConfig,
            SteadyState = SteadyStateSummary.Of(summary),
        });
        return new RunResult(runId, folder, summary, ran, interrupted) { FloorRatios = floors?.Ratios(summary) ?? [] };
    }

    private (string RunId, string Folder, IReadOnlyList<ResultRow> Existing) PrepareFolder()
    {
        if (_options.Out is null)
        {
            if (_options.Resume)
            {
                throw new UsageException("--resume needs --out DIR: the folder of the run to complete");
            }

            string id = NewRunId();
            string folder = Path.Combine(RepositoryPaths.DefaultRunsFolder(), id);
            Directory.CreateDirectory(folder);
            return (id, folder, []);
        }

        string outFolder = Path.GetFullPath(_options.Out);
        if (File.Exists(outFolder))
        {
            throw new UsageException($"--out {_options.Out}: is a file, not a folder");
        }

        Directory.CreateDirectory(outFolder);
        string results = Path.Combine(outFolder, ResultsFile.FileName);
        IReadOnlyList<ResultRow> existing = ResultsFile.ReadIfExists(results);
        if (existing.Count > 0 && !_options.Resume)
        {
            throw new UsageException(
                $"--out {_options.Out} already holds results ({existing.Count} rows): add --resume to complete that run, or choose another folder");
        }

        string runId = existing.Count > 0
            ? existing[0].RunId
            : RunEnvironmentFile.Read(Path.Combine(outFolder, RunEnvironmentFile.FileName))?.RunId ?? NewRunId();
        return (runId, outFolder, existing);
    }

    private RunEnvironment Environment(string runId, MachineInfo machine, int resumed) => new()
    {
        RunId = runId,
        StartedUtc = DateTime.UtcNow,
        State = "running",
        Machine = machine,
        AffinityMethod = _options.ForceThreadAffinity ? "thread-affinity" : ChildLauncher.Method,
        CommandLine = _commandLine,
        Options = EffectiveOptions(),
        Cells = _plan.Cells.Count,
        MatrixCells = _plan.MatrixCells,
        ResumedCells = resumed,
    };

    private Dictionary<string, string> EffectiveOptions()
    {
        string Join(IEnumerable<string> items) => string.Join(',', items.Distinct());
        var cells = _plan.Cells;
        return new Dictionary<string, string>
        {
            ["suite"] = _plan.SuiteName,
            ["workloads"] = Join(cells.Select(c => c.Key.Workload)),
            ["runtimes"] = Join(cells.Select(c => c.Key.Runtime)),
            ["cores"] = Join(cells.Select(c => c.Key.Cores).Order().Select(c => c.ToString(CultureInfo.InvariantCulture))),
            ["threads"] = Join(cells.Select(c => c.Key.Threads).Order().Select(t => t.ToString(CultureInfo.InvariantCulture))),
            ["param"] = string.Join(' ', _options.Params),
            ["duration"] = Format.Duration(_plan.Duration),
            ["duration_ms"] = _plan.Duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
            ["warmup"] = _plan.Warmup.ToString(CultureInfo.InvariantCulture),
            ["warmup_max"] = _plan.WarmupMax?.ToString(CultureInfo.InvariantCulture) ?? "default",
            ["iterations"] = _plan.Iterations.ToString(CultureInfo.InvariantCulture),
            ["launches"] = _plan.Launches.ToString(CultureInfo.InvariantCulture),
            ["trace"] = _plan.TraceWindow.Column(_plan.Trace.ToString().ToLowerInvariant()),
            ["out"] = _options.Out ?? "",
            ["shard"] = _plan.Shard is { } s ? $"{s.Index}/{s.Count}" : "",
            ["seed"] = _plan.Seed.ToString(CultureInfo.InvariantCulture),
            ["timeout_s"] = _plan.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["resume"] = _options.Resume ? "true" : "false",
        };
    }
}
