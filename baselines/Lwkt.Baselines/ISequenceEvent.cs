namespace Lwkt.Baselines;

/// <summary>
/// Wait/wake on a sequence number that only grows. A waiter reads <see cref="Sequence"/>, checks its own
/// condition, then calls <see cref="Wait"/> with the value it read: a <see cref="WakeAll"/> in between has
/// moved the sequence, so the wait returns at once and no wakeup is lost.
/// </summary>
public interface ISequenceEvent
{
    /// <summary>The current sequence number.</summary>
    long Sequence { get; }

    /// <summary>Blocks the calling OS thread until <see cref="Sequence"/> differs from <paramref name="seen"/>.</summary>
    void Wait(long seen);

    /// <summary>Moves the sequence by one and wakes every waiter.</summary>
    void WakeAll();
}
