namespace Lwkt.Baselines.Async;

/// <summary>
/// An async event on a sequence number: <see cref="WaitAsync"/> completes when the sequence moves past the
/// value the caller saw; <see cref="WakeAll"/> moves it and completes every waiter. All waiters of one
/// generation share one <see cref="TaskCompletionSource"/>, created only when somebody actually waits; its
/// continuations run asynchronously on the thread pool.
/// </summary>
public sealed class AsyncSequenceEvent
{
    private readonly Lock _lock = new();
    private long _sequence;

    /// <summary>Completed by the next <see cref="WakeAll"/>; null while nobody waits. Under the lock.</summary>
    private TaskCompletionSource? _nextWake;

    /// <summary>The current sequence number; it only grows.</summary>
    public long Sequence => Volatile.Read(ref _sequence);

    /// <summary>Completes when <see cref="Sequence"/> differs from <paramref name="seen"/>; at once if it already does.</summary>
    public ValueTask WaitAsync(long seen)
    {
        if (Volatile.Read(ref _sequence) != seen)
        {
            return default;
        }

        lock (_lock)
        {
            if (_sequence != seen)
            {
                return default;
            }

            _nextWake ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask(_nextWake.Task);
        }
    }

    /// <summary>Moves the sequence and completes every pending wait.</summary>
    public void WakeAll()
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            Volatile.Write(ref _sequence, _sequence + 1);
            wake = _nextWake;
            _nextWake = null;
        }

        wake?.SetResult();
    }
}
