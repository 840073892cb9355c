using System.CommandLine;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Display;
using Lwkt.Harness.Machine;
using Lwkt.Harness.Running;
using Lwkt.Harness.Tracing;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>run</c>: runs the matrix of a suite (default <c>quick</c>), each cell in its own pinned child, and writes
/// <c>results.csv</c>, <c>summary.csv</c> and <c>env.json</c> (docs/architecture.md, A run). Exit code 0 when every cell is ok or
/// unsupported, 1 when a cell crashed, timed out or was invalid, 2 on bad input, 130 when interrupted.
/// </summary>
public static class RunCommand
{
    /// <summary>The <c>--trace</c> profiles by their written names.</summary>
    private static readonly (string, TraceProfile?)[] s_traceProfiles =
    [
        ("off", TraceProfile.Off), ("runtime", TraceProfile.Runtime), ("lwkt", TraceProfile.Lwkt), ("cpu", TraceProfile.Cpu), ("full", TraceProfile.Full),
    ];

    private static readonly Option<string> s_suite = new("--suite") { Description = "quick (default), full, or a suite JSON file", HelpName = "quick|full|FILE" };
    private static readonly Option<IReadOnlyList<string>?> s_workloads = TypedOption.Names("--workloads", "workloads to run, comma-separated (default: the suite's, all)");
    private static readonly Option<IReadOnlyList<string>?> s_runtimes = TypedOption.Names("--runtimes", "runtimes to run, comma-separated (default: all)");
    private static readonly Option<CoreSelection?> s_cores = TypedOption.Cores("--cores", "core counts: 1,2,all or sweep (1,2,4,..,all)");
    private static readonly Option<IReadOnlyList<ThreadCount>?> s_threads = TypedOption.Threads("--threads", "thread counts: 4, 1,64, Nx (N per core), sweep (1..1024)");
    private static readonly Option<IReadOnlyList<ParameterSweep>> s_param = TypedOption.Parameters("--param", "workload parameter name=value or name=v1,v2 (repeatable)");
    private static readonly Option<TimeSpan?> s_duration = TypedOption.Duration("--duration", "measured time per iteration (150ms, 1s)");
    private static readonly Option<int?> s_warmup = TypedOption.Integer("--warmup", "fewest warm-up iterations per cell (warm-up goes on until the cell is steady)", 0, 1000);
    private static readonly Option<int?> s_warmupMax = TypedOption.Integer("--warmup-max", "most warm-up iterations per cell (default 60; 0 with --warmup 0: measure cold, unchecked)", 0, 1000);
    private static readonly Option<int?> s_iterations = TypedOption.Integer("--iterations", "measured iterations per cell", 1, 100_000);
    private static readonly Option<int?> s_launches = TypedOption.Integer("--launches", "child processes per cell, interleaved over the run (all first launches, then all second ones, ...), iterations pooled (default 1); compare then calls a change only when the launches agree", 1, 100);
    private static readonly Option<TraceProfile?> s_trace = TypedOption.Choice<TraceProfile?>("--trace", "EventPipe trace per cell: off|runtime|lwkt|cpu|full", s_traceProfiles);
    private static readonly Option<string> s_traceWindow = new("--trace-window")
    {
        Description = "with --trace: trace only measured iterations all|last|N|A-B (the session starts and stops on iteration boundaries: steady state, no start-up or JIT)",
        HelpName = "WINDOW",
    };
    private static readonly Option<string> s_out = new("--out") { Description = "run folder (default: results/runs/<run-id>)", HelpName = "DIR" };
    private static readonly Option<(int Index, int Count)?> s_shard = TypedOption.Shard("--shard", "run shard I of N of the matrix (join with merge)");
    private static readonly Option<int?> s_seed = TypedOption.Integer("--seed", "seed of every random choice (default 42)", int.MinValue);
    private static readonly Option<TimeSpan?> s_timeout = TypedOption.Duration("--timeout", "per-cell limit; a slower child is killed (default: max(1m, 10× the cell's time) without a new iteration)");
    private static readonly Option<bool> s_floor = new("--floor") { Description = "probe the cross-CPU round-trip floor (the floor command) just before and after every cell on 2+ cores: floor.csv, and each cell's ns/op as a multiple of it" };
    private static readonly Option<bool> s_resume = new("--resume") { Description = "complete the run in --out with its recorded options (env.json): skip cells that already have rows" };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("run", "Run a suite: every cell (workload × runtime × cores × threads × params) in its own pinned child process.");
        foreach (Option option in new Option[] { s_suite, s_workloads, s_runtimes, s_cores, s_threads, s_param, s_duration, s_warmup, s_warmupMax, s_iterations, s_launches, s_trace, s_traceWindow, s_out, s_shard, s_seed, s_timeout, s_floor, s_resume })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, _) => ExecuteAsync(parseResult));
        return command;
    }

    /// <summary>The options of a parsed <c>run</c> command (their values were checked when parsed).</summary>
    /// <exception cref="UsageException">A combination of options that does not make sense.</exception>
    public static RunOptions ReadOptions(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        string? outFolder = parseResult.GetValue(s_out);
        bool resume = parseResult.GetValue(s_resume);
        if (resume && outFolder is null)
        {
            throw new UsageException("--resume needs --out DIR: the folder of the run to complete");
        }

        TraceProfile trace = parseResult.GetValue(s_trace) ?? TraceProfile.Off;
        string? traceWindow = parseResult.GetValue(s_traceWindow);
        if (traceWindow is not null && trace == TraceProfile.Off)
        {
            throw new UsageException("--trace-window needs --trace PROFILE");
        }

        return new RunOptions
        {
            Suite = parseResult.GetValue(s_suite) ?? "quick",
            Workloads = parseResult.GetValue(s_workloads),
            Runtimes = parseResult.GetValue(s_runtimes),
            Cores = parseResult.GetValue(s_cores),
            Threads = parseResult.GetValue(s_threads),
            Params = parseResult.GetValue(s_param) ?? [],
            Duration = parseResult.GetValue(s_duration),
            Warmup = parseResult.GetValue(s_warmup),
            WarmupMax = parseResult.GetValue(s_warmupMax),
            Iterations = parseResult.GetValue(s_iterations),
            Launches = parseResult.GetValue(s_launches) ?? 1,
            Trace = trace,
            TraceWindow = traceWindow,
            Out = outFolder,
            Shard = parseResult.GetValue(s_shard),
            Seed = parseResult.GetValue(s_seed) ?? RunOptions.DefaultSeed,
            Timeout = parseResult.GetValue(s_timeout),
            Resume = resume,
            Floor = parseResult.GetValue(s_floor),
        };
    }

    private static async Task<int> ExecuteAsync(ParseResult parseResult)
    {
        RunOptions options = ReadOptions(parseResult);
        IReadOnlyList<string> commandLine = [.. parseResult.Tokens.Select(t => t.Value)];
        if (options.Resume)
        {
            (options, commandLine) = RunResume.Apply(options, RunResume.OptionNames(parseResult));
        }

        TextWriter output = parseResult.InvocationConfiguration.Output;
        HostClient host = HostClient.Locate();
        RunPlan plan = new RunPlanner(host, CpuTopology.Current()).Build(options);
        if (plan.Cells.Count == 0)
        {
            output.WriteLine("nothing to run: the matrix (or this shard of it) has no cells");
            return ExitCodes.Ok;
        }

        ICellHook? hook = EventPipeCellHook.For(options.Trace);
        IRunProgress progress = Consoles.Progress(output);

        using var interrupt = new InterruptSignals();
        var runner = new BenchmarkRunner(plan, options, host.HostDll, hook, commandLine);
        RunResult result = await runner.RunAsync(progress, interrupt.Token).ConfigureAwait(false);

        if (result.Summary.Count > 0)
        {
            Consoles.Create(output, Consoles.IsInteractive).Write(SummaryTable.Build(result.Summary));
            if (Format.MachineNoise(result.Summary) is { } noise)
            {
                output.WriteLine(noise);
            }

            foreach (MachineProbe probe in MachineProbe.All)
            {
                if (Format.MachineNote(result.Summary, probe) is { } machine)
                {
                    output.WriteLine(machine);
                }
            }
        }

        foreach (string line in result.FloorRatios)
        {
            output.WriteLine(line);
        }

        foreach (string line in Results.TransferRatio.Lines(result.Summary, Path.Combine(result.Folder, Results.ResultsFile.FileName)))
        {
            output.WriteLine(line);
        }

        output.WriteLine($"results: {Path.Combine(result.Folder, Results.ResultsFile.FileName)} (summary.csv, env.json beside it)");
        if (result.Interrupted)
        {
            output.WriteLine($"interrupted after {result.CellsRun} cells; finished cells are kept. Complete it with: --resume --out {result.Folder}");
            return ExitCodes.Interrupted;
        }

        if (result.FailedCells > 0)
        {
            output.WriteLine($"{result.FailedCells} cell(s) failed (crashed, timeout or invalid): see the status and error columns");
            return ExitCodes.Failure;
        }

        return ExitCodes.Ok;
    }
}
