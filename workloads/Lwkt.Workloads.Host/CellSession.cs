using System.Runtime.InteropServices;
using System.Text.Json;
using Lwkt.Workloads.Host.Protocol;

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

    /// <summary>Creates a session reading the harness on <paramref name="input"/>, answering on <paramref name="protocol"/>.</summary>
    public CellSession(TextReader input, TextWriter protocol)
    {
        _input = input;
        _protocol = protocol;
    }

    /// <summary>The workload API's cell for a request.</summary>
    public static CellSpec Spec(CellRequest request) => new(
        request.Workload,
        request.Runtime,
        request.Cores,
        request.Threads,
        request.Params,
        TimeSpan.FromMilliseconds(request.DurationMs),
        request.Seed);

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

        if (request is null || request.Iterations < 1 || request.Warmup < 0 || request.DurationMs <= 0)
        {
            return Fail(ErrorMessage.BadRequest, "the cell request needs iterations ≥ 1, warmup ≥ 0 and a positive duration", null);
        }

        TestFault? fault = TestFault.For(request);
        if (fault?.Kind == TestFault.Exit3)
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
        {
            _protocol.WriteLine($"{HostProtocol.Ready} {JsonSerializer.Serialize(ProcessFacts.Ready(runner.CanonicalParameters, RuntimeCatalog.Describe(request.Runtime)), ProtocolJson.Default.ReadyMessage)}");
            if (!WaitFor(HostProtocol.Go))
            {
                return 1;
            }

            int iteration = 0;
            for (int i = 1; i <= request.Warmup + request.Iterations; i++)
            {
                bool warmup = i <= request.Warmup;
                if (i == 1)
                {
                    fault?.OnFirstIteration();
                }

                if (!warmup && i - request.Warmup == request.TraceFirst && !Pause(HostProtocol.TraceStart))
                {
                    return 1;
                }

                IterationResult result;
                try
                {
                    result = runner.RunIteration(++iteration);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    return Fail(ErrorMessage.Exception, $"{ex.GetType().Name}: {ex.Message}", ex.ToString());
                }

                if (result.Status == IterationResult.StatusUnsupported)
                {
                    return Fail(ErrorMessage.Unsupported, result.Error ?? "unsupported", null);
                }

                IterationMessage message = Message(result, warmup ? i : i - request.Warmup, warmup);
                _protocol.WriteLine($"{HostProtocol.Iteration} {JsonSerializer.Serialize(message, ProtocolJson.Default.IterationMessage)}");
                if (!warmup && i - request.Warmup == request.TraceLast && !Pause(HostProtocol.TraceStop))
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

    private static IterationMessage Message(IterationResult r, int index, bool warmup) => new()
    {
        Index = index,
        Warmup = warmup,
        Status = r.Status,
        Error = r.Error,
        Ops = r.Ops,
        DurationS = r.DurationSeconds,
        OpsPerS = r.OpsPerSecond,
        NsPerOp = r.NsPerOp,
        LatP50Ns = r.LatP50Ns,
        LatP90Ns = r.LatP90Ns,
        LatP99Ns = r.LatP99Ns,
        LatP999Ns = r.LatP999Ns,
        LatMaxNs = r.LatMaxNs,
        Fairness = r.Fairness,
        FairnessMaxMin = double.IsFinite(r.FairnessMaxMin) ? r.FairnessMaxMin : null,
        CpuUserS = r.CpuUserSeconds,
        CpuSysS = r.CpuSysSeconds,
        CpuNsPerOp = r.CpuNsPerOp,
        CtxVoluntary = r.CtxVoluntary,
        CtxInvoluntary = r.CtxInvoluntary,
        GcCount = r.GcCount,
        AllocBytes = r.AllocBytes,
        PeakRssBytes = r.PeakRssBytes,
        Switches = r.Switches,
        TokenCollisions = r.TokenCollisions,
        Ipis = r.Ipis,
        Migrations = r.Migrations,
        FutexWaits = r.FutexWaits,
        FutexWakes = r.FutexWakes,
        Violations = r.Violations,
        BytesPerThread = r.BytesPerThread,
        Detail = r.Detail,
    };

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
