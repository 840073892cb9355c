namespace Lwkt.Harness.Running;

/// <summary>One cell's session of an <see cref="ICellHook"/>; see there for the calling order.</summary>
public interface ICellHookSession : IAsyncDisposable
{
    /// <summary>Called after the child said <c>READY</c>, before <c>GO</c>; <paramref name="pid"/> is the child's pid.</summary>
    Task OnReadyAsync(int pid, CancellationToken cancellationToken);

    /// <summary>Called when the child reached the start of the trace window (<c>TRACE-START</c>), before it goes on.</summary>
    Task OnWindowStartAsync(CancellationToken cancellationToken);

    /// <summary>Called when the child reported the window's last iteration (<c>TRACE-STOP</c>), before it goes on.</summary>
    Task OnWindowEndAsync(CancellationToken cancellationToken);

    /// <summary>Called after <c>DONE</c>, before the child is told to exit.</summary>
    Task OnDoneAsync(CancellationToken cancellationToken);

    /// <summary>The file this session wrote, relative to the run folder (the rows' <c>trace_file</c>); or null.</summary>
    string? TraceFile { get; }

    /// <summary>What went wrong in the session (it never fails the cell); or null.</summary>
    string? Error { get; }
}
