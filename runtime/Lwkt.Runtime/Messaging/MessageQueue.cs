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
    private Message? _head;
    private Message? _tail;
    private Message? _prioHead;
    private Message? _prioTail;

    /// <summary>True when neither list holds a message.</summary>
    public readonly bool IsEmpty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (_head is null) & (_prioHead is null);
    }

    /// <summary>Appends <paramref name="msg"/> to the list its priority flag selects and marks it queued.</summary>
    public void Push(Message msg, int flags)
    {
        Debug.Assert((flags & (int)MessageFlags.Queued) == 0, "message queued twice");
        msg._flags = flags | (int)MessageFlags.Queued;
        msg._next = null;
        if ((flags & (int)MessageFlags.Priority) == 0)
        {
            msg._prev = _tail;
            if (_tail is null)
            {
                _head = msg;
            }
            else
            {
                _tail._next = msg;
            }

            _tail = msg;
        }
        else
        {
            msg._prev = _prioTail;
            if (_prioTail is null)
            {
                _prioHead = msg;
            }
            else
            {
                _prioTail._next = msg;
            }

            _prioTail = msg;
        }
    }

    /// <summary>Removes and returns the oldest priority message, else the oldest message, or null (lwkt: getport).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Message? Pull()
    {
        Message? msg = _prioHead ?? _head;
        if (msg is not null)
        {
            Remove(msg);
        }

        return msg;
    }

    /// <summary>Unlinks a message that is on this queue and clears its queued flag (lwkt: _lwkt_pullmsg).</summary>
    public void Remove(Message msg)
    {
        Debug.Assert((msg._flags & (int)MessageFlags.Queued) != 0, "message not queued");
        Message? next = msg._next;
        Message? prev = msg._prev;
        bool prio = (msg._flags & (int)MessageFlags.Priority) != 0;
        if (prev is null)
        {
            if (prio)
            {
                _prioHead = next;
            }
            else
            {
                _head = next;
            }
        }
        else
        {
            prev._next = next;
        }

        if (next is null)
        {
            if (prio)
            {
                _prioTail = prev;
            }
            else
            {
                _tail = prev;
            }
        }
        else
        {
            next._prev = prev;
        }

        msg._next = null;
        msg._prev = null;
        msg._flags &= ~(int)MessageFlags.Queued;
    }
}
