using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Lwkt.Harness.Results;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Running;

/// <summary>
/// Runs one cell in its own child process and speaks the lifecycle protocol (PROTOCOL.md in the host's Protocol
/// folder) with it: request → READY → [hook] → GO → ITERATION… → DONE → [hook] → EXIT. A child that crashes, breaks
/// the protocol or outlives the cell's timeout becomes a failed outcome, never an exception: the run goes on.
/// Only cancellation (Ctrl-C) escapes, as <see cref="OperationCanceledException"/>, after the child was killed.
/// </summary>
internal sealed class CellExecutor
{
    /// <summary>How long a child may take to exit after EXIT (or after an ERROR) before it is killed.</summary>
    private static readonly TimeSpan s_exitGrace = TimeSpan.FromSeconds(10);

    /// <summary>The stderr tail kept for a row: room for a 4-CPU lwkt state dump at a timeout (about 1,000 characters per snapshot of 2 CPUs, two snapshots).</summary>
    private const int StderrTailChars = 6000;

    private readonly string _hostDll;
    private readonly ICellHook? _hook;
    private readonly IReadOnlyDictionary<string, string> _childEnvironment;
    private readonly bool _forceThreadAffinity;

    /// <summary>Creates an executor.</summary>
    /// <param name="hostDll">The host program.</param>
    /// <param name="hook">The per-cell hook (tracing), or null.</param>
    /// <param name="childEnvironment">Extra environment variables for every child (tests set fault injection here).</param>
    /// <param name="forceThreadAffinity">Pin children from a pinned thread even where <c>taskset</c> exists (tests).</param>
    public CellExecutor(string hostDll, ICellHook? hook, IReadOnlyDictionary<string, string>? childEnvironment = null, bool forceThreadAffinity = false)
    {
        _hostDll = hostDll;
        _hook = hook;
        _childEnvironment = childEnvironment ?? new Dictionary<string, string>();
        _forceThreadAffinity = forceThreadAffinity;
    }

    /// <summary>Runs <paramref name="cell"/> as <paramref name="plan"/> says, writing per-cell files under <paramref name="runFolder"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the child is killed).</exception>
    public async Task<ChildOutcome> RunAsync(PlannedCell cell, RunPlan plan, string runFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(plan);
        var clock = Stopwatch.StartNew();
        ProcessStartInfo start = CreateStartInfo(cell);
        var context = new CellContext(cell.Key, runFolder, plan.Trace) { Window = plan.TraceWindow };
        var hookErrors = new List<string>();
        ICellHookSession? session = null;
        if (_hook is not null)
        {
            try
            {
                session = _hook.Begin(context, start);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                hookErrors.Add($"trace: {ex.Message}");
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(plan.Timeout);
        var stderr = new TextTail(StderrTailChars);
        Process process;
        try
        {
            process = ChildLauncher.Start(start, cell.Cpus, _forceThreadAffinity);
        }
        catch (InvalidOperationException ex)
        {
            await DisposeSessionAsync(session, hookErrors).ConfigureAwait(false);
            return new ChildOutcome { FailureStatus = RowStatus.Crashed, FailureError = ex.Message, Elapsed = clock.Elapsed };
        }

        using (process)
        {
            var exchange = new Exchange(process, stderr);
            try
            {
                Action? onIteration = plan.TimeoutPerIteration ? () => deadline.CancelAfter(plan.Timeout) : null;
                await exchange.RunAsync(Request(cell, plan), session, hookErrors, onIteration, deadline.Token).ConfigureAwait(false);
                await WaitForExitAsync(process, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await ChildStateDump.RequestAsync(process, stderr).ConfigureAwait(false);
                Kill(process);
                exchange.TimedOut = true;
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                await DisposeSessionAsync(session, hookErrors).ConfigureAwait(false);
                throw;
            }
            finally
            {
                Kill(process);
            }

            await DisposeSessionAsync(session, hookErrors).ConfigureAwait(false);
            await exchange.DrainAsync().ConfigureAwait(false);
            (string? status, string? error) = Classify(exchange, process, plan, stderr);
            return new ChildOutcome
            {
                Ready = exchange.Ready,
                Iterations = exchange.Iterations,
                FailureStatus = status,
                FailureError = error,
                TraceFile = session?.TraceFile,
                HookError = hookErrors.Count == 0 ? null : string.Join("; ", hookErrors),
                ExitCode = process.HasExited ? process.ExitCode : null,
                Elapsed = clock.Elapsed,
            };
        }
    }

    private ProcessStartInfo CreateStartInfo(PlannedCell cell)
    {
        ProcessStartInfo start = HostLocator.HostStartInfo(_hostDll, HostProtocol.RunMode, cell.Key.Cores);

        // Steady state from the first iterations: hot methods tier up after their first calls (tiering and PGO stay
        // on). A value in the harness's own environment wins (an experiment); the child reports it in READY.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(HostProtocol.CallCountingDelayVariable)))
        {
            start.Environment[HostProtocol.CallCountingDelayVariable] = HostProtocol.CallCountingDelayMs;
        }

        foreach ((string name, string value) in _childEnvironment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static CellRequest Request(PlannedCell cell, RunPlan plan) => new()
    {
        Workload = cell.Key.Workload,
        Runtime = cell.Key.Runtime,
        Cores = cell.Key.Cores,
        Threads = cell.Key.Threads,
        Params = new Dictionary<string, string>(cell.GivenParams),
        DurationMs = plan.Duration.TotalMilliseconds,
        Warmup = plan.Warmup,
        WarmupMax = plan.WarmupMax,
        Iterations = plan.Iterations,
        Seed = plan.Seed,
        TraceFirst = plan.Trace == TraceProfile.Off ? null : plan.TraceWindow.First,
        TraceLast = plan.Trace == TraceProfile.Off ? null : plan.TraceWindow.Last,
    };

    private static (string? Status, string? Error) Classify(Exchange exchange, Process process, RunPlan plan, TextTail stderr)
    {
        string tail = stderr.ToString();
        string WithTail(string message) => tail.Length == 0 ? message : message + "\n" + tail;

        if (exchange.TimedOut)
        {
            int measured = exchange.Iterations.Count(i => i.IsMeasured);
            string stage = exchange.Ready is null ? "before READY" : exchange.Done ? "after DONE" : $"after {exchange.Iterations.Count - measured} warm-up and {measured} measured iteration(s)";
            string limit = plan.TimeoutPerIteration
                ? string.Create(CultureInfo.InvariantCulture, $"killed after {plan.Timeout.TotalSeconds:0.###} s without a new iteration (cell timeout; {stage})")
                : string.Create(CultureInfo.InvariantCulture, $"killed at the {plan.Timeout.TotalSeconds:0.###} s cell timeout ({stage})");
            return (RowStatus.Timeout, WithTail(limit));
        }

        if (exchange.Error is { } error)
        {
            string status = error.Kind == ErrorMessage.Unsupported ? RowStatus.Unsupported : RowStatus.Crashed;
            string text = error.Detail is { Length: > 0 } detail ? $"{error.Message}\n{Truncate(detail, StderrTailChars)}" : error.Message;
            return (status, status == RowStatus.Unsupported ? error.Message : text);
        }

        if (exchange.ProtocolError is { } protocolError)
        {
            return (RowStatus.Crashed, WithTail(protocolError));
        }

        int exitCode = process.HasExited ? process.ExitCode : -1;
        if (!exchange.Done)
        {
            return (RowStatus.Crashed, WithTail($"child exited with code {exitCode} before DONE"));
        }

        return exitCode == 0 ? (null, null) : (RowStatus.Crashed, WithTail($"child exited with code {exitCode} after DONE"));
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static async Task WaitForExitAsync(Process process, CancellationToken cancellationToken)
    {
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(s_exitGrace);
        await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Raced with its exit.
        }
    }

    private static async Task DisposeSessionAsync(ICellHookSession? session, List<string> hookErrors)
    {
        if (session is null)
        {
            return;
        }

        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            hookErrors.Add($"trace: {ex.Message}");
        }

        if (session.Error is { Length: > 0 } error)
        {
            hookErrors.Add($"trace: {error}");
        }
    }

    /// <summary>The protocol conversation with one child; its state after the run says what happened.</summary>
    private sealed class Exchange
    {
        private readonly Process _process;
        private readonly TextTail _stderr;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly Task _stdoutPump;

        public Exchange(Process process, TextTail stderr)
        {
            _process = process;
            _stderr = stderr;
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    stderr.Append(e.Data);
                }
            };
            process.BeginErrorReadLine();
            _stdoutPump = Task.Run(PumpStdoutAsync);
        }

        public ReadyMessage? Ready { get; private set; }

        public List<IterationMessage> Iterations { get; } = [];

        public ErrorMessage? Error { get; private set; }

        public string? ProtocolError { get; private set; }

        public bool Done { get; private set; }

        public bool TimedOut { get; set; }

        /// <summary>Sends the request and answers the child until DONE; <paramref name="onIteration"/> runs on each ITERATION.</summary>
        public async Task RunAsync(
            CellRequest request, ICellHookSession? session, List<string> hookErrors, Action? onIteration, CancellationToken cancellationToken)
        {
            await SendAsync(JsonSerializer.Serialize(request, ProtocolJson.Default.CellRequest)).ConfigureAwait(false);
            while (await _lines.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!_lines.Reader.TryRead(out string? line))
                {
                    continue;
                }

                (string word, string payload) = HostProtocol.Split(line);
                switch (word)
                {
                    case HostProtocol.Ready when Ready is null:
                        Ready = Parse(payload, ProtocolJson.Default.ReadyMessage, word);
                        if (Ready is null)
                        {
                            return;
                        }

                        if (session is not null)
                        {
                            await GuardAsync(() => session.OnReadyAsync(Ready.Pid, cancellationToken), hookErrors).ConfigureAwait(false);
                        }

                        await SendAsync(HostProtocol.Go).ConfigureAwait(false);
                        break;
                    case HostProtocol.Iteration when Ready is not null:
                        IterationMessage? iteration = Parse(payload, ProtocolJson.Default.IterationMessage, word);
                        if (iteration is null)
                        {
                            return;
                        }

                        Iterations.Add(iteration);
                        onIteration?.Invoke();

                        break;
                    case HostProtocol.TraceStart or HostProtocol.TraceStop when Ready is not null:
                        if (session is not null)
                        {
                            await GuardAsync(
                                () => word == HostProtocol.TraceStart ? session.OnWindowStartAsync(cancellationToken) : session.OnWindowEndAsync(cancellationToken),
                                hookErrors).ConfigureAwait(false);
                        }

                        await SendAsync(HostProtocol.Continue).ConfigureAwait(false);
                        break;
                    case HostProtocol.Done when Ready is not null:
                        Done = true;
                        if (session is not null)
                        {
                            await GuardAsync(() => session.OnDoneAsync(cancellationToken), hookErrors).ConfigureAwait(false);
                        }

                        await SendAsync(HostProtocol.Exit).ConfigureAwait(false);
                        CloseInput();
                        return;
                    case HostProtocol.Error:
                        Error = Parse(payload, ProtocolJson.Default.ErrorMessage, word);
                        CloseInput();
                        return;
                    case HostProtocol.Ready or HostProtocol.Iteration or HostProtocol.Done:
                        ProtocolError = $"protocol error: '{word}' out of order";
                        return;
                    default:
                        // Not protocol: keep it with stderr, it may explain a failure.
                        _stderr.Append("stdout: " + line);
                        break;
                }
            }

            // End of stdout before DONE: the child died; Classify reports it with its exit code.
        }

        /// <summary>Waits until the child's output has been read to the end (it has exited or was killed).</summary>
        public async Task DrainAsync()
        {
            await _stdoutPump.ConfigureAwait(false);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        private async Task PumpStdoutAsync()
        {
            try
            {
                while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    _lines.Writer.TryWrite(line);
                }
            }
            catch (IOException)
            {
                // The pipe broke when the child was killed: that is the end of its output.
            }
            finally
            {
                _lines.Writer.TryComplete();
            }
        }

        private T? Parse<T>(string payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string word)
            where T : class
        {
            try
            {
                return JsonSerializer.Deserialize(payload, type)
                    ?? throw new JsonException("null payload");
            }
            catch (JsonException ex)
            {
                ProtocolError = $"protocol error: malformed {word} payload: {ex.Message}";
                return null;
            }
        }

        private async Task SendAsync(string line)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
                await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The child already exited (broken pipe); its stdout ends and Classify says why.
            }
        }

        private void CloseInput()
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already closed by the child's exit.
            }
        }

        private static async Task GuardAsync(Func<Task> action, List<string> hookErrors)
        {
            try
            {
                await action().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                hookErrors.Add($"trace: {ex.Message}");
            }
        }
    }
}
