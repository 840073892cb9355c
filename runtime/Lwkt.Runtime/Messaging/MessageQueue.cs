using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// The queues of one port (lwkt: mp_msgq and mp_msgq_prio): two intrusive FIFO lists linked through the messages
/// themselves, so queueing allocates nothing and <see cref="Remove"/> (drop) is O(1). Messages flagged
/// <see cref="MessageFlags.Priority"/> are served first.
/// </summary>
/// <remarks>
/// Not thread-safe: the owning port serialises every call (a thread port by running only on its owner's CPU, a spin
/// port under its gate, a serializer port under its serializer). Push sets <see cref="MessageFlags.Queued"/> and Pull
/// and Remove clear it, with plain writes: while queued, the port is the message's only owner. A mutable struct:
/// keep it in a field, never copy it.
/// </remarks>
internal struct MessageQueue
{
    private MessageList _normal;
    private MessageList _priority;

    /// <summary>
    /// True when a message looked queued, read without the port's lock (volatile reads, so a poll loop sees a put): a
    /// hint that the caller confirms under the lock.
    /// </summary>
    public bool LooksNonEmpty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _normal.Head) is not null || Volatile.Read(ref _priority.Head) is not null;
    }

    /// <summary>True when neither list holds a message.</summary>
    public readonly bool IsEmpty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (_normal.Head is null) & (_priority.Head is null);
    }

    /// <summary>Appends <paramref name="msg"/> to the list its priority flag selects and marks it queued.</summary>
    /// <remarks>Out of line, as <see cref="Remove"/>: the put and reply paths compile as they did (JIT disassembly).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Push(Message msg, int flags)
    {
        Debug.Assert((flags & (int)MessageFlags.Queued) == 0, "message queued twice");
        msg._flags = flags | (int)MessageFlags.Queued;
        ref MessageList list = ref (flags & (int)MessageFlags.Priority) == 0 ? ref _normal : ref _priority;
        list.Append(msg);
    }

    /// <summary>Removes and returns the oldest priority message, else the oldest message, or null (lwkt: getport).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Message? Pull()
    {
        Message? msg = _priority.Head ?? _normal.Head;
        if (msg is not null)
        {
            Remove(msg);
        }

        return msg;
    }

    /// <summary>
    /// True when <paramref name="msg"/> is done (lwkt: the MSGF_DONE test that ends lwkt_waitmsg at once); a reply
    /// still on this queue is unlinked first, so the originator owns the message again when this returns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReclaimDone(Message msg)
    {
        // Shaped as the ports' own test was, so the inlined code keeps its layout: not done (the blocking path, the
        // common one) falls through.
        int flags = msg._flags;
        if ((flags & (int)MessageFlags.Done) != 0)
        {
            if ((flags & (int)MessageFlags.Queued) != 0)
            {
                Remove(msg);
            }

            return true;
        }

        return false;
    }

    /// <summary>Unlinks a message that is on this queue and clears its queued flag (lwkt: _lwkt_pullmsg).</summary>
    /// <remarks>
    /// Out of line, as it was before the two lists shared <see cref="MessageList"/>: the JIT then inlined it into every
    /// caller (waitmsg's code grew from 196 to 363 bytes and its blocking path, the common one, became a taken branch).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Remove(Message msg)
    {
        Debug.Assert((msg._flags & (int)MessageFlags.Queued) != 0, "message not queued");
        ref MessageList list = ref (msg._flags & (int)MessageFlags.Priority) == 0 ? ref _normal : ref _priority;
        list.Unlink(msg);
        msg._flags &= ~(int)MessageFlags.Queued;
    }

    /// <summary>
    /// One intrusive FIFO (a TAILQ) linked through <see cref="Message._next"/> and <see cref="Message._prev"/>. A
    /// message is on at most one list at a time; which one is its queue's business.
    /// </summary>
    private struct MessageList
    {
        public Message? Head;
        private Message? _tail;

        /// <summary>Links <paramref name="msg"/> (on no list) at the tail.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Append(Message msg)
        {
            msg._next = null;
            msg._prev = _tail;
            if (_tail is null)
            {
                Head = msg;
            }
            else
            {
                _tail._next = msg;
            }

            _tail = msg;
        }

        /// <summary>Unlinks <paramref name="msg"/>, which is on this list, and clears its links.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Unlink(Message msg)
        {
            Message? next = msg._next;
            Message? prev = msg._prev;
            if (prev is null)
            {
                Head = next;
            }
            else
            {
                prev._next = next;
            }

            if (next is null)
            {
                _tail = prev;
            }
            else
            {
                next._prev = prev;
            }

            msg._next = null;
            msg._prev = null;
        }
    }
}
