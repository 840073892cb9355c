namespace Lwkt.Baselines.Spinning;

/// <summary>
/// Wait/wake on a sequence word by spinning: waiters poll the padded word with <see cref="SpinBackoff"/>
/// (yielding past its bound), <see cref="WakeAll"/> is one atomic increment. No wakeup can be lost: a waiter
/// keeps polling until it sees the word move.
/// </summary>
public sealed class SpinSequence : ISequenceEvent
{
    private Padded<long> _sequence;

    /// <inheritdoc/>
    public long Sequence => Volatile.Read(ref _sequence.Value);

    /// <inheritdoc/>
    public void Wait(long seen)
    {
        var backoff = default(SpinBackoff);
        while (Volatile.Read(ref _sequence.Value) == seen)
        {
            backoff.Pause();
        }
    }

    /// <inheritdoc/>
    public void WakeAll() => Interlocked.Increment(ref _sequence.Value);
}
