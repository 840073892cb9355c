using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A port guarded by a <see cref="Serializer"/> (lwkt: lwkt_initport_serialize, used by network drivers): every put,
/// reply, get, wait and drop is made by a thread holding the serializer, which is what serialises the queue.
/// </summary>
/// <remarks>
/// A waiter registers, then releases the serializer and sleeps (lwkt: zsleep); it returns holding the serializer
/// again. The waker — which holds the serializer — hands it the message (or the reply's error) and queues it on the
/// serializer's waiter list, so the waiter is woken exactly once, by the serializer's hand-over, already holding it:
/// no lost wakeup, no spurious one, and no second blocking step.
/// </remarks>
internal sealed class SerializerPort : MessagePort
{
    private readonly Serializer _serializer;
    private MessageQueue _queue;

    /// <summary>Threads waiting for any message, oldest first (MSGPORTF_WAITING while non-empty).</summary>
    private PortWaiters _waiters;

    public SerializerPort(Serializer serializer) => _serializer = serializer;

    internal override int PutPort(Message msg)
    {
        _serializer.ThrowIfNotHeld();
        msg._targetPort = this;
        Deliver(msg, msg._flags & ~(int)MessageFlags.InTransit);
        return MessageError.Async;
    }

    internal override void ReplyPort(Message msg)
    {
        _serializer.ThrowIfNotHeld();
        int flags = (msg._flags & ~(int)MessageFlags.InTransit) | (int)(MessageFlags.Done | MessageFlags.Reply);
        if (msg._waiter is LwktThread waiter)
        {
            msg._waiter = null;
            msg._flags = flags;
            _serializer.AddBlockedWaiter(waiter, msg._waiterVersion, msg._error);
        }
        else if ((flags & (int)MessageFlags.Sync) != 0)
        {
            msg._flags = flags;
        }
        else
        {
            Deliver(msg, flags);
        }
    }

    /// <summary>
    /// Hands <paramref name="msg"/>, its flags now <paramref name="flags"/>, to the oldest port waiter (which then
    /// waits for the serializer, to resume holding it), else queues it. Caller: holds the serializer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver(Message msg, int flags)
    {
        if (_waiters.TryDequeue(out PortWaiter waiter))
        {
            msg._flags = flags;
            waiter.Thread.HandMessage(msg);
            _serializer.AddBlockedWaiter(waiter.Thread, waiter.Version, LwktThread.WokenResult);
        }
        else
        {
            _queue.Push(msg, flags);
        }
    }

    internal override Message? GetPortCore()
    {
        _serializer.ThrowIfNotHeld();
        return _queue.Pull();
    }

    internal override LwktThread? WaitPort(out Message? msg)
    {
        _serializer.ThrowIfNotHeld();
        msg = _queue.Pull();
        if (msg is not null)
        {
            return null;
        }

        LwktThread td = LwktThread.Self;
        PortWaiter.WaitForMessage(td, ref _waiters);
        _serializer.Exit();
        return td;
    }

    internal override LwktThread? WaitMessage(Message msg, out int error)
    {
        _serializer.ThrowIfNotHeld();
        error = 0;
        if (_queue.TryReclaimDone(msg))
        {
            error = msg._error;
            return null;
        }

        LwktThread td = LwktThread.Self;
        msg.BlockOriginator(td);
        _serializer.Exit();
        return td;
    }

    /// <summary>The serializer's holder is the port's owner: anyone else gets <see cref="MessageError.NotFound"/>.</summary>
    internal override int DropMessage(Message msg)
    {
        if (!_serializer.IsHeldByCurrentThread
            || (msg._flags & (int)(MessageFlags.Reply | MessageFlags.Queued)) != (int)MessageFlags.Queued
            || msg._targetPort != this)
        {
            return MessageError.NotFound;
        }

        _queue.Remove(msg);
        msg._flags |= (int)MessageFlags.Done;
        return MessageError.None;
    }
}
