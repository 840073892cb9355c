namespace Lwkt.Baselines;

/// <summary>
/// An unbounded FIFO queue that any thread enqueues to and whose consumers block (or spin) while it is empty.
/// Items from one producer come out in the order that producer enqueued them.
/// </summary>
public interface IBlockingQueue<T>
{
    /// <summary>Appends an item and wakes a waiting consumer, if any. Never blocks for space.</summary>
    void Enqueue(T item);

    /// <summary>Removes the oldest item, waiting while the queue is empty.</summary>
    T Dequeue();

    /// <summary>Removes the oldest item if there is one; never waits.</summary>
    bool TryDequeue(out T item);
}
