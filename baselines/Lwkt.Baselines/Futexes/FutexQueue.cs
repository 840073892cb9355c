using System.Runtime.CompilerServices;
using Lwkt.Baselines.Native;

namespace Lwkt.Baselines.Futexes;

/// <summary>
/// A futex-woken MPMC queue: a <see cref="Queue{T}"/> guarded by a <see cref="FutexMutex"/>, consumers that
/// find it empty sleep in FUTEX_WAIT on a signal word, producers wake one sleeper with FUTEX_WAKE.
/// </summary>
/// <remarks>
/// The waiter count and the signal word change only under the mutex: a consumer registers and reads the
/// signal under it, a producer that sees a registered consumer bumps the signal under it, so a consumer that
/// left the mutex and has not slept yet finds the signal moved (EAGAIN) and no wakeup is lost. A producer
/// wakes one consumer per item while consumers are registered; a consumer that finds the queue emptied by a
/// faster one registers and sleeps again. With nobody waiting, an enqueue costs the mutex only.
/// </remarks>
public sealed unsafe class FutexQueue<T> : IBlockingQueue<T>
{
    private readonly FutexMutex _mutex = new();
    private readonly Queue<T> _items = new();

    /// <summary>The signal word, in its own line; bumped under the mutex when consumers wait.</summary>
    private readonly int* _signal;

    /// <summary>Consumers between registering (under the mutex) and re-taking the mutex after their sleep.</summary>
    private int _waiters;

    /// <summary>Creates an empty queue; refuses off Linux.</summary>
    public FutexQueue() => _signal = (int*)CacheLine.AllocateNative();

    /// <summary>Frees the native line.</summary>
    ~FutexQueue() => CacheLine.FreeNative(_signal);

    /// <inheritdoc/>
    public void Enqueue(T item)
    {
        _mutex.Enter();
        _items.Enqueue(item);
        bool wake = _waiters > 0;
        if (wake)
        {
            (*_signal)++;
        }

        _mutex.Exit();
        if (wake)
        {
            WakeConsumer();
        }

        GC.KeepAlive(this);
    }

    /// <inheritdoc/>
    public T Dequeue() => TryDequeue(out T item) ? item : DequeueContended();

    /// <inheritdoc/>
    public bool TryDequeue(out T item)
    {
        _mutex.Enter();
        bool found = _items.TryDequeue(out item!);
        _mutex.Exit();
        return found;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T DequeueContended()
    {
        _mutex.Enter();
        while (true)
        {
            if (_items.TryDequeue(out T? item))
            {
                _mutex.Exit();
                return item;
            }

            _waiters++;
            int signal = *_signal;
            _mutex.Exit();
            Futex.Wait(_signal, signal);
            _mutex.Enter();
            _waiters--;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeConsumer()
    {
        Futex.Wake(_signal, 1);
        GC.KeepAlive(this);
    }
}
