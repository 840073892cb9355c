using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Execution;

/// <summary>
/// A one-shot barrier: every party arrives, the last one runs the opening action and wakes the rest through an
/// <see cref="RtEvent"/>. The barrier start of an iteration (<see cref="IterationContext"/>: the opening stamps the
/// start and arms the stop timer) and the <c>spawn</c> workload's park (the opening reads the memory with every child
/// parked). Waiting threads block in the runtime's own wait, never spin: an LWKT thread spinning here would hold its
/// virtual CPU and starve the threads it waits for.
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

    /// <summary>Whether every party has arrived (the opening action has run).</summary>
    public bool IsOpen => _open;

    /// <summary>Parties that have arrived so far.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>
    /// Arrives and returns once all parties have arrived. Not an async method: a waiting party awaits the event's own
    /// wait, so it keeps no async box of the gate's (the spawn workload parks a million children here; the box cost
    /// each about 110 bytes on every runtime, and inside an LWKT thread the await of the suspended box about 120 more).
    /// </summary>
    public ValueTask ArriveAndWaitAsync()
    {
        // Read the sequence before arriving: the opening WakeAll moves it after our increment, so it is never lost.
        long seen = _event.Sequence;
        if (Interlocked.Increment(ref _arrived) == _parties)
        {
            _onOpen();
            _open = true;
            _event.WakeAll();
            return default;
        }

        // One wait suffices: the event is this gate's alone, so its sequence moves only at the opening, after _open is
        // set, and a wait returns only once the sequence differs from the value read (RtEvent.WaitAsync).
        return _event.WaitAsync(seen);
    }
}
