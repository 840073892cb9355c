using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Lwkt.Workloads.Host.Protocol;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Host;

/// <summary>
/// Run mode: one cell through the lifecycle of <c>Protocol/PROTOCOL.md</c> — request, READY, GO, ITERATION…, DONE,
/// EXIT. Failures the child can describe become one ERROR line and exit code 1; everything else (a crash) is
/// seen by the harness as an exit before DONE.
/// </summary>
internal sealed class CellSession
{
    private readonly TextReader _input;
    private readonly TextWriter _protocol;
    private string? _jitStageDetail;
    private TestFault? _fault;

    /// <summary>Creates a session reading the harness on <paramref name="input"/>, answering on <paramref name="protocol"/>.</summary>
    public CellSession(TextReader input, TextWriter protocol)
    {
        _input = input;
        _protocol = protocol;
    }

    /// <summary>The workload API's cell for a request: a measured cell, so the runtime's workers are pinned.</summary>
    public static CellSpec Spec(CellRequest request) => new(
        request.Workload,
        request.Runtime,
        request.Cores,
        request.Threads,
        request.Params,
        TimeSpan.FromMilliseconds(request.DurationMs),
        request.Seed,
        PinWorkers: true);

    /// <summary>Runs the session; returns the process exit code.</summary>
    public int Run()
    {
        // Ctrl-C reaches the whole process group: the harness decides what happens to its child (it kills it).
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);

        CellRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(_input.ReadLine() ?? "", ProtocolJson.Default.CellRequest);
        }
        catch (JsonException ex)
        {
            return Fail(ErrorMessage.BadRequest, $"malformed cell request: {ex.Message}", null);
        }

        if (request is null || request.Iterations < 1 || request.Warmup < 0 || request.WarmupMax < 0 || request.DurationMs <= 0)
        {
            return Fail(ErrorMessage.BadRequest, "the cell request needs iterations ≥ 1, warmup ≥ 0 and a positive duration", null);
        }

        _fault = TestFault.For(request);
        if (_fault?.Kind == TestFault.Exit3)
        {
            Console.Error.WriteLine("test fault: exit3");
            return 3;
        }

        CellRunner runner;
        try
        {
            runner = new CellRunner(Spec(request));
        }
        catch (ArgumentException ex)
        {
            return Fail(ErrorMessage.BadRequest, ex.Message, null);
        }

        using (runner)
        using (StateDump.Listen(runner, request.Runtime))
        {
            _protocol.WriteLine($"{HostProtocol.Ready} {JsonSerializer.Serialize(ProcessFacts.Ready(runner.CanonicalParameters, RuntimeCatalog.Describe(request.Runtime)), ProtocolJson.Default.ReadyMessage)}");
            if (!WaitFor(HostProtocol.Go))
            {
                return 1;
            }

            var warmup = new SteadyState(request.Warmup, Math.Max(request.Warmup, request.WarmupMax ?? SteadyState.DefaultMaxIterations));
            TimeSpan warmupTime = request.WarmupDurationMs > 0
                ? TimeSpan.FromMilliseconds(request.WarmupDurationMs)
                : TimeSpan.FromMilliseconds(Math.Min(request.DurationMs, SteadyState.DefaultIterationTime.TotalMilliseconds));
            int iteration = 0;
            _fault?.OnFirstIteration();

            // The JIT stage: the reporting path runs as for a real iteration, into a writer that discards it.
            JitStageOutcome jitStage = JitStageOutcome.Skipped;
            if (!warmup.Skipped)
            {
                using var discard = new StreamWriter(Stream.Null, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
                jitStage = runner.RunJitStage(result => discard.WriteLine(Line(result, IterationMessage.Warmup, 0, steady: false, jitStage: null)));
            }

            _jitStageDetail = jitStage.Detail;
            while (!warmup.Done)
            {
                if (Run(runner, ++iteration, warmupTime, out IterationResult? result) is { } failed)
                {
                    return failed;
                }

                Report(result!, IterationMessage.Warmup, warmup.Iterations + 1, steady: false);

                double? jitShare = result![Metric.JitMs] is double jitMs && result[Metric.DurationS] is double seconds && seconds > 0
                    ? jitMs / (seconds * 1000)
                    : null;
                warmup.Add(result[Metric.OpsPerSecond] ?? 0, (long)(result[Metric.JitMethods] ?? 0), jitShare, Disturbance.IsDisturbed(result[Metric.ForeignCpuShare]));
            }

            TimeSpan measureTime = TimeSpan.FromMilliseconds(request.DurationMs);
            int replacements = Disturbance.MaxReplacements(request.Iterations);
            for (int i = 1; i <= request.Iterations; i++)
            {
                if (i == request.TraceFirst && !Pause(HostProtocol.TraceStart))
                {
                    return 1;
                }

                // A disturbed iteration is reported as such and measured again; not in a cold measurement (the second
                // run would be warmer) nor in a traced window (its iterations are the trace's).
                bool? steady = warmup.Skipped ? null : warmup.Steady;
                bool replaceable = !warmup.Skipped && !(i >= request.TraceFirst && i <= request.TraceLast);
                while (true)
                {
                    if (Run(runner, ++iteration, measureTime, out IterationResult? result) is { } failed)
                    {
                        return failed;
                    }

                    bool replace = replaceable && replacements > 0 && Disturbance.IsDisturbed(result![Metric.ForeignCpuShare]);
                    Report(result!, replace ? IterationMessage.Disturbed : IterationMessage.Measure, i, steady);
                    if (!replace)
                    {
                        break;
                    }

                    replacements--;
                }

                if (i == request.TraceLast && !Pause(HostProtocol.TraceStop))
                {
                    return 1;
                }
            }

            _protocol.WriteLine(HostProtocol.Done);
        }

        // Stay alive until the harness has stopped tracing (EXIT), or has gone away (end of input).
        WaitFor(HostProtocol.Exit);
        return 0;
    }

    /// <summary>
    /// Runs one iteration of <paramref name="duration"/>; returns the exit code when the session must end (an exception
    /// or an unsupported cell), else null with the iteration's <paramref name="result"/> (not yet reported).
    /// </summary>
    private int? Run(CellRunner runner, int iteration, TimeSpan duration, out IterationResult? result)
    {
        result = null;
        _fault?.BeforeIteration(iteration);
        try
        {
            result = runner.RunIteration(iteration, duration);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(ErrorMessage.Exception, $"{ex.GetType().Name}: {ex.Message}", ex.ToString());
        }

        return result.Status == IterationResult.StatusUnsupported ? Fail(ErrorMessage.Unsupported, result.Error ?? "unsupported", null) : null;
    }

    /// <summary>Reports an iteration to the harness (one ITERATION line).</summary>
    private void Report(IterationResult result, string phase, int index, bool? steady) =>
        _protocol.WriteLine(Line(result, phase, index, steady, _jitStageDetail));

    /// <summary>
    /// The ITERATION line for <paramref name="result"/>; the JIT stage's summary (<paramref name="jitStage"/>) is
    /// appended to the row's detail so every row says how the cell was warmed.
    /// </summary>
    private static string Line(IterationResult result, string phase, int index, bool? steady, string? jitStage)
    {
        var message = new IterationMessage
        {
            Index = index,
            Phase = phase,
            Steady = steady,
            Status = result.Status,
            Error = result.Error,
            Metrics = result.Values.ToWire(),
            Detail = jitStage is null ? result.Detail : string.IsNullOrEmpty(result.Detail) ? jitStage : $"{result.Detail};{jitStage}",
        };
        return $"{HostProtocol.Iteration} {JsonSerializer.Serialize(message, ProtocolJson.Default.IterationMessage)}";
    }

    /// <summary>
    /// Tells the harness the trace window starts or ends here (between two iterations) and waits until it has started
    /// or stopped its session; false when the input ends first.
    /// </summary>
    private bool Pause(string word)
    {
        _protocol.WriteLine(word);
        return WaitFor(HostProtocol.Continue);
    }

    /// <summary>Reads lines until <paramref name="word"/>; false when the input ends first.</summary>
    private bool WaitFor(string word)
    {
        while (_input.ReadLine() is { } line)
        {
            if (line.Trim() == word)
            {
                return true;
            }
        }

        return false;
    }

    private int Fail(string kind, string message, string? detail)
    {
        _protocol.WriteLine($"{HostProtocol.Error} {JsonSerializer.Serialize(new ErrorMessage { Kind = kind, Message = message, Detail = detail }, ProtocolJson.Default.ErrorMessage)}");
        return 1;
    }
}
