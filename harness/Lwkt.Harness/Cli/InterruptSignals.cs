using System.Runtime.InteropServices;

namespace Lwkt.Harness.Cli;

/// <summary>
/// Ctrl-C and SIGTERM as a cancellation, for commands that must stop their child and still write what finished
/// (<c>run</c>, <c>torture</c>): the signal's default (ending the process at once) is cancelled, and
/// <see cref="Token"/> is cancelled instead. Dispose to restore the default.
/// </summary>
public sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _interrupt = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    /// <summary>Registers the handlers.</summary>
    public InterruptSignals()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _interrupt.Token;

    /// <summary>True once a signal came.</summary>
    public bool IsInterrupted => _interrupt.IsCancellationRequested;

    /// <inheritdoc/>
    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _interrupt.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _interrupt.Cancel();
    }
}
