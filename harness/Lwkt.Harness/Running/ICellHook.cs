using System.Diagnostics;

namespace Lwkt.Harness.Running;

/// <summary>
/// A per-cell extension point around the child's measured part (tracing uses it). The runner calls
/// <see cref="Begin"/> before the child starts, then the session's methods at the protocol points:
/// <see cref="ICellHookSession.OnReadyAsync"/> after the child said <c>READY</c> and before the harness answers
/// <c>GO</c> (start tracing here: nothing measured has run), <see cref="ICellHookSession.OnDoneAsync"/> after
/// <c>DONE</c> while the child is still alive (stop the session here so rundown is written), and always
/// <see cref="IAsyncDisposable.DisposeAsync"/> at the end, also when the child crashed or timed out.
/// </summary>
/// <remarks>
/// A hook must never fail a cell: exceptions from it are caught and reported in the row's <c>error</c> column,
/// the numbers are kept. Hook time counts against the cell's <c>--timeout</c>.
/// </remarks>
public interface ICellHook
{
    /// <summary>
    /// Opens a session for one cell. <paramref name="startInfo"/> is the child's start info: the hook may add
    /// environment variables (a diagnostic port, for instance) but must not change the program or arguments.
    /// </summary>
    ICellHookSession Begin(CellContext context, ProcessStartInfo startInfo);
}
