namespace Lwkt.Baselines.Monitors;

/// <summary>
/// The textbook .NET blocking queue: a <see cref="Queue{T}"/> guarded by <see cref="Monitor"/>, consumers
/// <see cref="Monitor.Wait(object)"/> while it is empty, producers <see cref="Monitor.Pulse"/> one consumer per
/// item, and only when a consumer waits.
/// </summary>
public sealed class MonitorQueue<T> : IBlockingQueue<T>
{
    private readonly Queue<T> _items = new();

    /// <summary>Consumers inside Monitor.Wait; read and written under the monitor.</summary>
    private int _waiters;

    /// <inheritdoc/>
    public void Enqueue(T item)
    {
        lock (_items)
        {
            _items.Enqueue(item);
            if (_waiters > 0)
            {
                Monitor.Pulse(_items);
            }
        }
    }

    /// <inheritdoc/>
    public T Dequeue()
    {
        lock (_items)
        {
            T? item;
            while (!_items.TryDequeue(out item))
            {
                _waiters++;
                try
                {
                    Monitor.Wait(_items);
                }
                finally
                {
                    _waiters--;
                }
            }

            return item;
        }
    }

    /// <inheritdoc/>
    public bool TryDequeue(out T item)
    {
        lock (_items)
        {
            return _items.TryDequeue(out item!);
        }
    }
}
