namespace Lwkt.Baselines.Spinning;

/// <summary>
/// A spin-guarded MPMC queue: a <see cref="Queue{T}"/> under a <see cref="TtasSpinLock"/>. A consumer polls
/// a padded item count without the lock, with <see cref="SpinBackoff"/>, and takes the lock only when the
/// count says there is something to take.
/// </summary>
public sealed class SpinQueue<T> : IBlockingQueue<T>
{
    private readonly TtasSpinLock _lock = new();
    private readonly Queue<T> _items = new();

    /// <summary>Items in the queue; written under the lock, read without it by polling consumers.</summary>
    private Padded<int> _count;

    /// <inheritdoc/>
    public void Enqueue(T item)
    {
        _lock.Enter();
        _items.Enqueue(item);
        Volatile.Write(ref _count.Value, _items.Count);
        _lock.Exit();
    }

    /// <inheritdoc/>
    public T Dequeue()
    {
        var backoff = default(SpinBackoff);
        T item;
        while (!TryDequeue(out item))
        {
            do
            {
                backoff.Pause();
            }
            while (Volatile.Read(ref _count.Value) == 0);
        }

        return item;
    }

    /// <inheritdoc/>
    public bool TryDequeue(out T item)
    {
        if (Volatile.Read(ref _count.Value) == 0)
        {
            item = default!;
            return false;
        }

        _lock.Enter();
        bool found = _items.TryDequeue(out item!);
        Volatile.Write(ref _count.Value, _items.Count);
        _lock.Exit();
        return found;
    }
}
