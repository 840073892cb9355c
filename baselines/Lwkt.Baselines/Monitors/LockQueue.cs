namespace Lwkt.Baselines.Monitors;

/// <summary>
/// A blocking queue for <see cref="Lock"/> users: <see cref="Lock"/> has no condition variable, so the queue is
/// guarded by a <see cref="Lock"/> and consumers that find it empty sleep on an event (a
/// <see cref="MonitorSequence"/>, the same wait/wake os-lock offers to workloads). A consumer registers and reads
/// the event's sequence under the lock; a producer that sees a registered consumer wakes the event after
/// leaving the lock, so a consumer between the lock and its wait sees the sequence moved. With nobody waiting,
/// an enqueue costs the <see cref="Lock"/> only.
/// </summary>
public sealed class LockQueue<T> : IBlockingQueue<T>
{
    private readonly Lock _lock = new();
    private readonly Queue<T> _items = new();
    private readonly MonitorSequence _itemsArrived = new();

    /// <summary>Consumers between registering and re-taking the lock after their wait; under the lock.</summary>
    private int _waiters;

    /// <inheritdoc/>
    public void Enqueue(T item)
    {
        bool wake;
        lock (_lock)
        {
            _items.Enqueue(item);
            wake = _waiters > 0;
        }

        if (wake)
        {
            _itemsArrived.WakeAll();
        }
    }

    /// <inheritdoc/>
    public T Dequeue()
    {
        _lock.Enter();
        while (true)
        {
            if (_items.TryDequeue(out T? item))
            {
                _lock.Exit();
                return item;
            }

            _waiters++;
            long seen = _itemsArrived.Sequence;
            _lock.Exit();
            _itemsArrived.Wait(seen);
            _lock.Enter();
            _waiters--;
        }
    }

    /// <inheritdoc/>
    public bool TryDequeue(out T item)
    {
        lock (_lock)
        {
            return _items.TryDequeue(out item!);
        }
    }
}
