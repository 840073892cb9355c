using System.CommandLine;
using System.Runtime.InteropServices;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Display;
using Lwkt.Harness.Machine;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>run</c>: runs the matrix of a suite (default <c>quick</c>), each cell in its own pinned child, and writes
/// <c>results.csv</c>, <c>summary.csv</c> and <c>env.json</c> (docs/architecture.md, A run). Exit code 0 when every cell is ok or
/// unsupported, 1 when a cell crashed, timed out or was invalid, 2 on bad input, 130 when interrupted.
/// </summary>
public static class RunCommand
{
    private static readonly Option<string> s_suite = new("--suite") { Description = "quick (default), full, or a suite JSON file", HelpName = "quick|full|FILE" };
    private static readonly Option<string[]> s_workloads = new("--workloads") { Description = "workloads to run, comma-separated (default: the suite's, all)", HelpName = "NAMES" };
    private static readonly Option<string[]> s_runtimes = new("--runtimes") { Description = "runtimes to run, comma-separated (default: all)", HelpName = "NAMES" };
    private static readonly Option<string> s_cores = new("--cores") { Description = "core counts: 1,2,all or sweep (1,2,4,..,all)", HelpName = "LIST" };
    private static readonly Option<string> s_threads = new("--threads") { Description = "thread counts: 4, 1,64, Nx (N per core), sweep (1..1024)", HelpName = "LIST" };
    private static readonly Option<string[]> s_param = new("--param") { Description = "workload parameter name=value or name=v1,v2 (repeatable)", HelpName = "K=V" };
    private static readonly Option<string> s_duration = new("--duration") { Description = "measured time per iteration (150ms, 1s)", HelpName = "TIME" };
    private static readonly Option<string> s_warmup = new("--warmup") { Description = "warm-up iterations per cell", HelpName = "N" };
    private static readonly Option<string> s_iterations = new("--iterations") { Description = "measured iterations per cell", HelpName = "N" };
    private static readonly Option<string> s_trace = new("--trace") { Description = "EventPipe trace per cell: off|runtime|lwkt|cpu|full", HelpName = "PROFILE" };
    private static readonly Option<string> s_out = new("--out") { Description = "run folder (default: results/runs/<run-id>)", HelpName = "DIR" };
    private static readonly Option<string> s_shard = new("--shard") { Description = "run shard I of N of the matrix (join with merge)", HelpName = "I/N" };
    private static readonly Option<string> s_seed = new("--seed") { Description = "seed of every random choice (default 42)", HelpName = "N" };
    private static readonly Option<string> s_timeout = new("--timeout") { Description = "per-cell limit; a slower child is killed (default: max(1m, 10× the cell's time))", HelpName = "TIME" };
    private static readonly Option<bool> s_resume = new("--resume") { Description = "complete the run in --out: skip cells that already have rows" };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("run", "Run a suite: every cell (workload × runtime × cores × threads × params) in its own pinned child process.");
        foreach (Option option in new Option[] { s_suite, s_workloads, s_runtimes, s_cores, s_threads, s_param, s_duration, s_warmup, s_iterations, s_trace, s_out, s_shard, s_seed, s_timeout, s_resume })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, _) => ExecuteAsync(parseResult));
        return command;
    }

    /// <summary>Reads the options of a parsed <c>run</c> command, checking every value.</summary>
    /// <exception cref="UsageException">A malformed value.</exception>
    public static RunOptions ReadOptions(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        string[]? workloads = parseResult.GetValue(s_workloads);
        string[]? runtimes = parseResult.GetValue(s_runtimes);
        string? duration = parseResult.GetValue(s_duration);
        string? warmup = parseResult.GetValue(s_warmup);
        string? iterations = parseResult.GetValue(s_iterations);
        string? shard = parseResult.GetValue(s_shard);
        string? seed = parseResult.GetValue(s_seed);
        string? timeout = parseResult.GetValue(s_timeout);
        string[] parameters = parseResult.GetValue(s_param) ?? [];
        foreach (string parameter in parameters)
        {
            ValueParsers.ParseParam(parameter);
        }

        string? threads = parseResult.GetValue(s_threads);
        if (threads is not null)
        {
            ValueParsers.ParseThreads(threads);
        }

        string? cores = parseResult.GetValue(s_cores);
        if (cores is not null)
        {
            ValueParsers.ParseCores(cores, CpuTopology.Current().Count);
        }

        string? outFolder = parseResult.GetValue(s_out);
        bool resume = parseResult.GetValue(s_resume);
        if (resume && outFolder is null)
        {
            throw new UsageException("--resume needs --out DIR: the folder of the run to complete");
        }

        return new RunOptions
        {
            Suite = parseResult.GetValue(s_suite) ?? "quick",
            Workloads = workloads is { Length: > 0 } ? ValueParsers.ParseNames(workloads, "--workloads") : null,
            Runtimes = runtimes is { Length: > 0 } ? ValueParsers.ParseNames(runtimes, "--runtimes") : null,
            Cores = cores,
            Threads = threads,
            Params = parameters,
            Duration = duration is null ? null : ValueParsers.ParseDuration(duration, "--duration"),
            Warmup = warmup is null ? null : ValueParsers.ParseInt(warmup, "--warmup", 0, 1000),
            Iterations = iterations is null ? null : ValueParsers.ParseInt(iterations, "--iterations", 1, 100_000),
            Trace = ParseTrace(parseResult.GetValue(s_trace)),
            Out = outFolder,
            Shard = shard is null ? null : ValueParsers.ParseShard(shard),
            Seed = seed is null ? RunOptions.DefaultSeed : ValueParsers.ParseInt(seed, "--seed", int.MinValue),
            Timeout = timeout is null ? null : ValueParsers.ParseDuration(timeout, "--timeout"),
            Resume = resume,
        };
    }

    /// <summary>
    /// The per-cell hook for a <c>--trace</c> profile other than off. ── The EventPipe capture plugs in on this
    /// line. ── (Lwkt.Harness.Tracing: one session per child, <c>traces/&lt;cell&gt;.nettrace</c>.)
    /// </summary>
    private static readonly Func<TraceProfile, ICellHook?> s_traceHook = Tracing.EventPipeCellHook.For;

    private static TraceProfile ParseTrace(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "off" => TraceProfile.Off,
        "runtime" => TraceProfile.Runtime,
        "lwkt" => TraceProfile.Lwkt,
        "cpu" => TraceProfile.Cpu,
        "full" => TraceProfile.Full,
        _ => throw new UsageException($"--trace '{text}' is not one of off, runtime, lwkt, cpu, full"),
    };

    private static async Task<int> ExecuteAsync(ParseResult parseResult)
    {
        RunOptions options = ReadOptions(parseResult);
        TextWriter output = parseResult.InvocationConfiguration.Output;
        HostClient host = HostClient.Locate();
        RunPlan plan = new RunPlanner(host, CpuTopology.Current()).Build(options);
        if (plan.Cells.Count == 0)
        {
            output.WriteLine("nothing to run: the matrix (or this shard of it) has no cells");
            return ExitCodes.Ok;
        }

        ICellHook? hook = options.Trace == TraceProfile.Off ? null : s_traceHook(options.Trace);
        IRunProgress progress = Consoles.Progress(output);
        if (options.Trace != TraceProfile.Off && hook is null)
        {
            progress.Note($"note: --trace {options.Trace.ToString().ToLowerInvariant()} is recorded, but this build has no trace capture yet");
        }

        using var interrupt = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupt.Cancel();
        }

        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var runner = new BenchmarkRunner(plan, options, host.HostDll, hook, parseResult.Tokens.Select(t => t.Value).ToArray());
        RunResult result = await runner.RunAsync(progress, interrupt.Token).ConfigureAwait(false);

        if (result.Summary.Count > 0)
        {
            Consoles.Create(output, Consoles.IsInteractive).Write(SummaryTable.Build(result.Summary));
        }

        output.WriteLine($"results: {Path.Combine(result.Folder, Results.ResultsFile.FileName)} (summary.csv, env.json beside it)");
        if (result.Interrupted)
        {
            output.WriteLine($"interrupted after {result.CellsRun} cells; finished cells are kept. Complete the run with the same options plus: --resume --out {result.Folder}");
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
