namespace Lwkt.Baselines.Async;

/// <summary>
/// An async reader/writer lock for the tpl-async baseline (the BCL has none): Stephen Toub's
/// AsyncReaderWriterLock design. A <see cref="Lock"/> guards the state; an acquisition that can proceed
/// completes synchronously and allocates nothing; a waiting writer gets its own
/// <see cref="TaskCompletionSource"/> in a FIFO queue; all waiting readers share one. Writers have priority:
/// readers wait while a writer holds or waits; a releasing writer hands over to the next writer, else to all
/// waiting readers at once. Continuations run asynchronously on the thread pool. No thread affinity: any
/// thread may release.
/// </summary>
public sealed class AsyncReaderWriterLock
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waitingWriters = new();

    /// <summary>Shared by every reader waiting now; replaced when they are released.</summary>
    private TaskCompletionSource _waitingReaders = NewSource();

    private int _readersWaiting;

    /// <summary>Readers inside when positive, −1 while a writer is inside, 0 when free.</summary>
    private int _status;

    /// <summary>Acquires shared access; completes synchronously when no writer holds or waits.</summary>
    public ValueTask EnterReadAsync()
    {
        lock (_lock)
        {
            if (_status >= 0 && _waitingWriters.Count == 0)
            {
                _status++;
                return default;
            }

            _readersWaiting++;
            return new ValueTask(_waitingReaders.Task);
        }
    }

    /// <summary>Releases shared access; the last reader out hands the lock to a waiting writer.</summary>
    public void ExitRead()
    {
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            _status--;
            if (_status == 0 && _waitingWriters.Count > 0)
            {
                _status = -1;
                wake = _waitingWriters.Dequeue();
            }
        }

        wake?.SetResult();
    }

    /// <summary>Acquires exclusive access; completes synchronously when the lock is free.</summary>
    public ValueTask EnterWriteAsync()
    {
        lock (_lock)
        {
            if (_status == 0)
            {
                _status = -1;
                return default;
            }

            TaskCompletionSource waiter = NewSource();
            _waitingWriters.Enqueue(waiter);
            return new ValueTask(waiter.Task);
        }
    }

    /// <summary>Releases exclusive access to the next writer, else to every waiting reader.</summary>
    public void ExitWrite()
    {
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            if (_waitingWriters.Count > 0)
            {
                wake = _waitingWriters.Dequeue();
            }
            else if (_readersWaiting > 0)
            {
                wake = _waitingReaders;
                _status = _readersWaiting;
                _readersWaiting = 0;
                _waitingReaders = NewSource();
            }
            else
            {
                _status = 0;
            }
        }

        wake?.SetResult();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
