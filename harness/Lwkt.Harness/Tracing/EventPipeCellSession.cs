using System.Diagnostics;
using System.Globalization;
using Lwkt.Harness.Running;
using Microsoft.Diagnostics.NETCore.Client;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// One cell's EventPipe session, traced from the child's first instruction (reverse connect; docs/architecture.md, .NET platform facts):
/// <list type="number">
/// <item><see cref="Start"/>, before the child exists: listen on a Unix socket and give the child
/// <c>DOTNET_DiagnosticPorts=&lt;socket&gt;,connect,suspend</c>; the runtime connects and parks before <c>Main</c>.</item>
/// <item>In the background, as soon as it connects: start the session, copy its stream to the file continuously, then
/// <c>ResumeRuntime</c>. The child can say <c>READY</c> only after that.</item>
/// <item><see cref="OnReadyAsync"/> (before <c>GO</c>): check that the session runs; record why not.</item>
/// <item>With a trace window (<c>--trace-window</c>) step 2 only resumes the child; <see cref="OnWindowStartAsync"/>
/// (the child waits on an iteration boundary, <c>TRACE-START</c>) starts the session and its copy, and
/// <see cref="OnWindowEndAsync"/> (<c>TRACE-STOP</c>) stops it, rundown included, while the child waits again.</item>
/// <item><see cref="OnDoneAsync"/> (child still alive): stop the session, so the rundown (method names) is written,
/// and wait for the copy to reach the end of the stream.</item>
/// <item><see cref="DisposeAsync"/> (always): the same for a child that crashed or timed out, then clean up.</item>
/// </list>
/// Nothing here fails the cell: every problem lands in <see cref="Error"/>, the row's <c>error</c> column.
/// </summary>
/// <remarks>
/// The variable is inherited by anything the child starts; the host removes it from its own environment first
/// thing, and spawns nothing anyway. The listener accepts the first runtime that connects, which is the child.
/// </remarks>
public sealed class EventPipeCellSession : ICellHookSession
{
    /// <summary>The child's variable naming its diagnostic ports (runtime side: connect and suspend are the defaults).</summary>
    public const string DiagnosticPortsVariable = "DOTNET_DiagnosticPorts";

    /// <summary>How long stopping may take: the rundown of a big process takes a while.</summary>
    private static readonly TimeSpan s_stopBudget = TimeSpan.FromSeconds(30);

    /// <summary>How long a session may take to start once the child said READY (it had to, to let the child run).</summary>
    private static readonly TimeSpan s_startBudget = TimeSpan.FromSeconds(2);

    private static int s_sequence;

    private readonly CellContext _context;
    private readonly TraceProfile _profile;
    private readonly TraceWindow _window;
    private readonly string _socketPath;
    private readonly string _tracePath;
    private readonly CancellationTokenSource _cancel;
    private readonly List<string> _errors = [];
    private readonly Task<DiagnosticsClientConnector> _accept;
    private readonly Task _startup;
    private DiagnosticsClientConnector? _connector;
    private EventPipeSession? _session;
    private Task? _copy;
    private bool _stopped;
    private int? _pid;

    private EventPipeCellSession(
        CellContext context, TraceProfile profile, string socketPath, Task<DiagnosticsClientConnector> accept, CancellationTokenSource cancel)
    {
        _context = context;
        _cancel = cancel;
        _profile = profile;
        _window = context.Window;
        _socketPath = socketPath;
        _tracePath = Path.Combine(context.RunFolder, context.TraceFileRelative);
        _accept = accept;
        _startup = Task.Run(StartupAsync);
    }

    /// <inheritdoc/>
    public string? TraceFile { get; private set; }

    /// <inheritdoc/>
    public string? Error
    {
        get
        {
            lock (_errors)
            {
                return _errors.Count == 0 ? null : string.Join("; ", _errors.Distinct());
            }
        }
    }

    /// <summary>
    /// Binds the listening socket and points the child at it. Throws (the runner records it and starts the child
    /// untraced) only when the socket cannot be bound, before the child's environment is touched.
    /// </summary>
    public static EventPipeCellSession Start(CellContext context, TraceProfile profile, ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(startInfo);
        Directory.CreateDirectory(context.TracesFolder);
        string socket = SocketPath();
        File.Delete(socket);
        var cancel = new CancellationTokenSource();
        Task<DiagnosticsClientConnector> accept;
        try
        {
            // Binds and listens before it returns; only the accept is asynchronous.
            accept = DiagnosticsClientConnector.FromDiagnosticPort(socket, cancel.Token);
        }
        catch
        {
            cancel.Dispose();
            throw;
        }

        if (accept.IsFaulted)
        {
            cancel.Dispose();
            throw new InvalidOperationException($"cannot listen on {socket}: {accept.Exception!.GetBaseException().Message}");
        }

        startInfo.Environment[DiagnosticPortsVariable] = socket + ",connect,suspend";
        return new EventPipeCellSession(context, profile, socket, accept, cancel);
    }

    /// <inheritdoc/>
    public async Task OnReadyAsync(int pid, CancellationToken cancellationToken)
    {
        _pid = pid;
        // The child ran its Main, so it was resumed: the startup is over, or the runtime never connected (diagnostics
        // disabled in its environment, DOTNET_EnableDiagnostics=0), which leaves it waiting here.
        Task finished = await Task.WhenAny(_startup, Task.Delay(s_startBudget, cancellationToken)).ConfigureAwait(false);
        if (finished != _startup)
        {
            AddError($"the child (pid {pid}) ran without connecting to the trace listener (diagnostics disabled?): no trace");
            await _cancel.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task OnWindowStartAsync(CancellationToken cancellationToken)
    {
        if (_connector is null || _session is not null || _stopped)
        {
            return;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancel.Token);
        budget.CancelAfter(s_startBudget);
        try
        {
            await StartSessionAsync(_connector.Instance, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            AddError("the EventPipe session did not start in time at the trace window: no trace");
        }
    }

    /// <inheritdoc/>
    public Task OnWindowEndAsync(CancellationToken cancellationToken) => StopAsync(cancellationToken);

    /// <inheritdoc/>
    public Task OnDoneAsync(CancellationToken cancellationToken) => StopAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await _startup.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Never connected: already reported, or the child did not start.
        }

        _session?.Dispose();
        if (_connector is not null)
        {
            await _connector.DisposeAsync().ConfigureAwait(false);
        }
        else if (_accept.IsCompletedSuccessfully)
        {
            await _accept.Result.DisposeAsync().ConfigureAwait(false);
        }

        TryDelete(_socketPath);
        var file = new FileInfo(_tracePath);
        TraceFile = file.Exists && file.Length > 0 ? _context.TraceFileRelative : null;
        if (TraceFile is null && Error is null)
        {
            AddError("no trace was written");
        }

        _cancel.Dispose();
    }

    /// <summary>Accept the child's connection, start the session and its copy, resume the child.</summary>
    private async Task StartupAsync()
    {
        try
        {
            _connector = await _accept.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            AddError($"trace listener failed: {ex.GetBaseException().Message}");
            return;
        }

        DiagnosticsClient client = _connector.Instance;
        try
        {
            if (!_window.IsWindow)
            {
                await StartSessionAsync(client, _cancel.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            // Whatever happened to the session, the parked child must run: its numbers never depend on the trace.
            try
            {
                client.ResumeRuntime();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                AddError($"cannot resume the child: {ex.GetBaseException().Message}");
            }
        }
    }

    /// <summary>Starts the session and the copy of its stream to the file; a failure is recorded, never thrown.</summary>
    private async Task StartSessionAsync(DiagnosticsClient client, CancellationToken cancellationToken)
    {
        try
        {
            var configuration = new EventPipeSessionConfiguration(
                TraceProviders.For(_profile),
                circularBufferSizeMB: 256,
                requestRundown: true,
                requestStackwalk: TraceProviders.WantsStacks(_profile));
            _session = await client.StartEventPipeSessionAsync(configuration, cancellationToken).ConfigureAwait(false);
            EventPipeSession session = _session;
            _copy = Task.Run(() => CopyAsync(session.EventStream), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            AddError($"cannot start the EventPipe session: {ex.GetBaseException().Message}");
        }
    }

    /// <summary>Copies the session's bytes (they are the .nettrace file) until the runtime closes the stream.</summary>
    private async Task CopyAsync(Stream events)
    {
        try
        {
            var file = new FileStream(_tracePath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await events.CopyToAsync(file, 1 << 16).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            AddError($"trace copy stopped: {ex.Message}");
        }
    }

    /// <summary>Stops the session once (rundown is written while the child lives) and waits for the copy to end.</summary>
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!_startup.IsCompleted)
        {
            // Never connected (the child died before its runtime started, or diagnostics are off): nothing to stop.
            return;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A child that never said READY is being torn down (crashed or killed at startup): do not wait long for it.
        budget.CancelAfter(_pid is null ? s_startBudget : s_stopBudget);
        if (_session is not null && !ChildAlive())
        {
            // Killed (timeout) or exited: its runtime cannot take a stop command; the stream ends with the process.
            AddError("the child ended before the trace was stopped (a killed child's trace has no rundown: stacks unresolved)");
        }
        else if (_session is not null)
        {
            try
            {
                await _session.StopAsync(budget.Token).ConfigureAwait(false);
            }
            catch (ServerNotAvailableException)
            {
                AddError("the child exited before the trace was stopped: no rundown, stacks unresolved");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                AddError($"cannot stop the EventPipe session: {ex.GetBaseException().Message}");
            }
        }

        if (_copy is not null)
        {
            try
            {
                await _copy.WaitAsync(budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                AddError("the trace did not end in time after the stop: the file may be truncated");
            }
        }
    }

    /// <summary>
    /// False once the child is gone: its session's stream has ended (the runtime closes it at exit), or its pid (known
    /// from READY) no longer exists. Stopping a gone child would wait for a connection that never comes.
    /// </summary>
    private bool ChildAlive()
    {
        if (_copy is { IsCompleted: true })
        {
            return false;
        }

        if (_pid is not int pid)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void AddError(string message)
    {
        lock (_errors)
        {
            _errors.Add(message);
        }
    }

    /// <summary>A socket path short enough for sun_path (108 bytes): /tmp when it exists, whatever TMPDIR says.</summary>
    private static string SocketPath()
    {
        string folder = Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();
        int n = Interlocked.Increment(ref s_sequence);
        return Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"lwkt-trace-{Environment.ProcessId}-{n}.sock"));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A stale socket file in /tmp is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
