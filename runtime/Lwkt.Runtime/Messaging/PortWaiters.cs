namespace Lwkt.Runtime.Messaging;

/// <summary>
/// The threads waiting on a port for any message, oldest first (lwkt: the waiters of a MSGPORTF_WAITING port). The
/// oldest is kept inline, in the port object next to the lock that guards it; only a second concurrent waiter
/// allocates the overflow queue. A mutable struct: keep it in a field of the port and never copy it. Caller: holds the
/// port's lock.
/// </summary>
/// <remarks>
/// Why inline: a cross-CPU put to a port with one waiter (a server waiting for its client) reads and clears the
/// waiter on the waker's CPU, and the waiter registers itself on its own CPU, so whatever holds it moves between the
/// two CPUs on every hop. In the port object it rides on the lines the lock's compare-and-swap fetches anyway; a
/// <see cref="Queue{T}"/> added two more lines each way (the queue object and its array), four cache-line transfers per
/// round trip (docs/cross-cpu.md). Invariant: the inline slot is empty only when the overflow queue is empty too, so
/// the order stays first come, first served.
/// </remarks>
internal struct PortWaiters
{
    /// <summary>The oldest waiter; <c>Thread</c> null when nobody waits.</summary>
    private PortWaiter _oldest;

    /// <summary>The younger waiters, oldest first; created by the first second concurrent waiter.</summary>
    private Queue<PortWaiter>? _younger;

    /// <summary>Adds a waiter behind every waiter already there.</summary>
    public void Enqueue(PortWaiter waiter)
    {
        if (_oldest.Thread is null)
        {
            _oldest = waiter;
        }
        else
        {
            (_younger ??= new Queue<PortWaiter>()).Enqueue(waiter);
        }
    }

    /// <summary>Removes the oldest waiter; false when nobody waits.</summary>
    public bool TryDequeue(out PortWaiter waiter)
    {
        waiter = _oldest;
        if (waiter.Thread is null)
        {
            return false;
        }

        _oldest = _younger is { Count: > 0 } younger ? younger.Dequeue() : default;
        return true;
    }
}
