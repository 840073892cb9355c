namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// Wait/wake on a sequence number (tsleep/wakeup on <c>lwkt</c>, Monitor.Wait/PulseAll, a futex on a sequence
/// word, an async event). The interlock that loses no wakeup: a waiter reads <see cref="Sequence"/>, checks its
/// condition, then calls <see cref="WaitAsync"/> with the value it read; if a wake moved the sequence in
/// between, the wait returns at once.
/// </summary>
public abstract class RtEvent
{
    /// <summary>The current sequence number; it only grows.</summary>
    public abstract long Sequence { get; }

    /// <summary>Waits until <see cref="Sequence"/> differs from <paramref name="seen"/>.</summary>
    public abstract ValueTask WaitAsync(long seen);

    /// <summary>Moves the sequence and wakes every waiter.</summary>
    public abstract void WakeAll();
}
