using System.Runtime.InteropServices;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Workloads.Host;

/// <summary>
/// Answers the harness's <see cref="HostProtocol.StateDumpSignal"/> (sent to a cell that timed out, just before it is killed) with the runtime's
/// scheduler state on stderr, between <see cref="HostProtocol.StateDumpBegin"/> and
/// <see cref="HostProtocol.StateDumpEnd"/> (Protocol/PROTOCOL.md, "State at a timeout"). The handler runs on the
/// runtime's signal-handling thread while the cell's threads go on (or spin); the process does not quit.
/// </summary>
internal sealed class StateDump : IDisposable
{
    private readonly PosixSignalRegistration? _registration;

    private StateDump(CellRunner runner, string runtime) =>
        _registration = PosixSignalRegistration.Create((PosixSignal)HostProtocol.StateDumpSignal, context =>
        {
            context.Cancel = true;
            Write(Console.Error, runtime, runner.DescribeRuntimeState());
        });

    /// <summary>Starts answering the dump signal for the cell of <paramref name="runner"/>; null off Linux (the signal's number is Linux's).</summary>
    public static StateDump? Listen(CellRunner runner, string runtime) =>
        OperatingSystem.IsLinux() ? new StateDump(runner, runtime) : null;

    /// <summary>Writes one dump: the markers, and the state or why there is none.</summary>
    public static void Write(TextWriter error, string runtime, string? state)
    {
        error.WriteLine(HostProtocol.StateDumpBegin);
        error.WriteLine(state ?? $"{runtime}: its threads are OS threads (no scheduler state of its own)");
        error.WriteLine(HostProtocol.StateDumpEnd);
        error.Flush();
    }

    /// <inheritdoc/>
    public void Dispose() => _registration?.Dispose();
}
