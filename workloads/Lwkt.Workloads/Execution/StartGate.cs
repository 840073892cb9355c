using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Execution;

/// <summary>
/// The barrier start: every workload thread arrives, the last one opens the gate (stamps the start, arms the stop
/// timer) and wakes the rest through an <see cref="RtEvent"/>. Waiting threads block in the runtime's own wait,
/// never spin: an LWKT thread spinning here would hold its virtual CPU and starve the threads it waits for.
/// </summary>
internal sealed class StartGate
{
    private readonly RtEvent _event;
    private readonly int _parties;
    private readonly Action _onOpen;
    private int _arrived;
    private volatile bool _open;

    /// <param name="event">An event used only by this gate.</param>
    /// <param name="parties">Threads that must arrive.</param>
    /// <param name="onOpen">Runs once, on the last arriving thread, before anyone is released.</param>
    public StartGate(RtEvent @event, int parties, Action onOpen)
    {
        _event = @event;
        _parties = parties;
        _onOpen = onOpen;
    }

    /// <summary>Arrives and returns once all parties have arrived.</summary>
    public async ValueTask ArriveAndWaitAsync()
    {
        // Read the sequence before arriving: the opening WakeAll moves it after our increment, so it is never lost.
        long seen = _event.Sequence;
        if (Interlocked.Increment(ref _arrived) == _parties)
        {
            _onOpen();
            _open = true;
            _event.WakeAll();
            return;
        }

        while (!_open)
        {
            await _event.WaitAsync(seen);
            seen = _event.Sequence;
        }
    }
}
