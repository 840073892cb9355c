using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A port any LWKT thread may wait on (lwkt: lwkt_initport_spin), its queue and waiters guarded by a small spin lock.
/// Puts and replies may come from any thread, inside the runtime or not.
/// </summary>
/// <remarks>
/// <para>WAITING (lwkt: MSGPORTF_WAITING on the port, MSGF_WAITING on a message) is the waiter entry itself: a
/// waiter registers under the lock after checking that there is nothing to take, and the waker removes the entry
/// under the lock (the waker clears WAITING) and wakes it after unlocking. A put or async reply is handed directly to
/// the oldest port waiter; a reply to a message someone waits on is handed to that waiter. Because the condition is
/// checked and the entry made under one lock hold, no wakeup is lost; because every wake carries what the waiter
/// waited for, there are no spurious wakeups to tolerate.</para>
/// <para>A waiter blocks (state and blocking point) before it registers, so a wake from another CPU that arrives
/// before it has switched out still finds the blocking point and is not lost.</para>
/// </remarks>
internal sealed class SpinPort : MessagePort
{
    /// <summary>Guards every field below (lwkt: mpu_spin).</summary>
    private SpinGate _gate;

    private MessageQueue _queue;

    /// <summary>Threads waiting for any message, oldest first, the oldest inline; non-empty means MSGPORTF_WAITING.</summary>
    private PortWaiters _waiters;

    internal override int PutPort(Message msg)
    {
        msg._targetPort = this;
        int flags = msg._flags & ~(int)MessageFlags.InTransit;
        _gate.Enter();
        DeliverAndExit(msg, flags);
        return MessageError.Async;
    }

    internal override void ReplyPort(Message msg)
    {
        _gate.Enter();
        int flags = (msg._flags & ~(int)MessageFlags.InTransit) | (int)(MessageFlags.Done | MessageFlags.Reply);
        if (msg._waiter is LwktThread waiter)
        {
            int version = msg._waiterVersion;
            int error = msg._error;
            msg._waiter = null;
            msg._flags = flags;
            _gate.Exit();
            waiter.Wake(version, error);
        }
        else if ((flags & (int)MessageFlags.Sync) != 0)
        {
            msg._flags = flags;
            _gate.Exit();
        }
        else
        {
            DeliverAndExit(msg, flags);
        }
    }

    /// <summary>
    /// Hands <paramref name="msg"/>, its flags now <paramref name="flags"/>, to the oldest port waiter, else queues it;
    /// leaves the gate either way, and wakes the waiter only after leaving it. Caller: holds the gate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void DeliverAndExit(Message msg, int flags)
    {
        if (_waiters.TryDequeue(out PortWaiter waiter))
        {
            msg._flags = flags;
            _gate.Exit();
            waiter.Thread.WakeWithMessage(waiter.Version, msg, waiter.Cpu);
        }
        else
        {
            _queue.Push(msg, flags);
            _gate.Exit();
        }
    }

    internal override Message? GetPortCore()
    {
        _gate.Enter();
        Message? msg = _queue.Pull();
        _gate.Exit();
        return msg;
    }

    /// <summary>
    /// True when the queue looked non-empty (racy, without the gate): what a receiver waiting in place polls
    /// (<see cref="VirtualCpu.WaitInPlace"/>), a read of the gate's line, which a put writes anyway.
    /// </summary>
    internal bool HasQueued => _queue.LooksNonEmpty;

    internal override LwktThread? WaitPort(out Message? msg)
    {
        LwktThread td = LwktThread.Calling;
        if (!_queue.LooksNonEmpty)
        {
            // Nothing queued: wait in place while nothing else is runnable on this CPU, registering no waiter, so a put
            // from another CPU queues the message (no IPI, no wake) and this thread takes it below. Given up, it
            // registers as before.
            td._cpu.WaitInPlace(td, null, this);
        }

        _gate.Enter();
        msg = _queue.Pull();
        if (msg is not null)
        {
            _gate.Exit();
            return null;
        }

        PortWaiter.WaitForMessage(td, ref _waiters);
        _gate.Exit();
        return td;
    }

    internal override LwktThread? WaitMessage(Message msg, out int error)
    {
        LwktThread td = LwktThread.Calling;
        _gate.Enter();
        error = 0;
        if (_queue.TryReclaimDone(msg))
        {
            _gate.Exit();
            error = msg._error;
            return null;
        }

        if (msg._waiter is not null)
        {
            _gate.Exit();
            throw new InvalidOperationException("Another thread already waits on this message; only its originator may.");
        }

        msg.BlockOriginator(td);
        _gate.Exit();
        return td;
    }

    /// <summary>lwkt: lwkt_spin_dropmsg. A spin port has no owner thread: any thread may drop from it.</summary>
    internal override int DropMessage(Message msg)
    {
        _gate.Enter();
        int result = MessageError.NotFound;
        if ((msg._flags & (int)(MessageFlags.Reply | MessageFlags.Queued)) == (int)MessageFlags.Queued
            && msg._targetPort == this)
        {
            _queue.Remove(msg);
            msg._flags |= (int)MessageFlags.Done;
            result = MessageError.None;
        }

        _gate.Exit();
        return result;
    }
}
