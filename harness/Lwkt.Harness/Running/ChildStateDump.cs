using System.Diagnostics;
using System.Runtime.InteropServices;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Running;

/// <summary>
/// Asks a child that timed out for its scheduler state before it is killed: <see cref="HostProtocol.StateDumpSignal"/>, then a wait for the dump's last
/// line on its stderr (workloads/Lwkt.Workloads.Host/Protocol/PROTOCOL.md, "State at a timeout"). The dump lands in
/// the stderr tail, hence in the row's <c>error</c> column.
/// </summary>
internal static partial class ChildStateDump
{
    /// <summary>
    /// How long the child gets to answer: its dump takes two snapshots 100 ms apart, and its signal thread competes
    /// with a cell's spinning workers for the cell's CPUs.
    /// </summary>
    private static readonly TimeSpan s_answerTime = TimeSpan.FromSeconds(2);

    /// <summary>Sends the request and waits until <paramref name="stderr"/> holds the dump's end, or the answer time is over.</summary>
    public static async Task RequestAsync(Process process, TextTail stderr)
    {
        if (!OperatingSystem.IsLinux() || process.HasExited || Kill(process.Id, HostProtocol.StateDumpSignal) != 0)
        {
            return;
        }

        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < s_answerTime && !process.HasExited && !stderr.Contains(HostProtocol.StateDumpEnd))
        {
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
