using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A port owned by one LWKT thread (lwkt: lwkt_initport_thread, the td_msgport backend). No locks and no atomics:
/// its state is touched only on the owner's current CPU — by the owner itself, or by IPI handlers that worker runs
/// between threads. A put or reply made on another CPU (or outside the runtime) travels by IPI to the owner's CPU,
/// and a handler that finds the owner gone (migrated) sends it on (lwkt: lwkt_thread_putport_remote re-IPIs).
/// </summary>
/// <remarks>
/// <para>WAITING gating (lwkt: MSGPORTF_WAITING): the owner blocks with <see cref="_waiting"/> set and names what it
/// waits for — any message, or one message. A put or reply that satisfies the wait hands the message over directly
/// (it is never queued then) and wakes the owner; anything else is queued without a wake. Since both sides run on
/// the one CPU, no wakeup can be lost, and the owner is never woken for nothing.</para>
/// <para>Ownership of the owner's CPU: only the CPU that owns a thread changes <c>td._cpu</c> (a migration writes the
/// new CPU before the IPI that hands the thread over), so a worker that reads its own CPU there is the owner's CPU
/// until it runs the thread's switch-out, and the port state it sees is complete.</para>
/// </remarks>
internal sealed class ThreadPort : MessagePort
{
    private static readonly Action<object?, long> s_putRemote = PutRemote;
    private static readonly Action<object?, long> s_replyRemote = ReplyRemote;

    /// <summary>The owner (lwkt: mpu_td).</summary>
    private readonly LwktThread _owner;

    /// <summary>Queued requests and asynchronous replies.</summary>
    private MessageQueue _queue;

    /// <summary>The owner is blocked on this port (lwkt: MSGPORTF_WAITING).</summary>
    private bool _waiting;

    /// <summary>While <see cref="_waiting"/>: the one message awaited (waitmsg), or null for any message (waitport).</summary>
    private Message? _waitingFor;

    /// <summary>While <see cref="_waiting"/>: the owner's blocking point.</summary>
    private int _waitVersion;

    public ThreadPort(LwktThread owner) => _owner = owner;

    /// <summary>lwkt: lwkt_thread_putport. Any thread; returns <see cref="MessageError.Async"/>.</summary>
    internal override int PutPort(Message msg)
    {
        if (msg._targetPort != this)
        {
            // Skips the GC write barrier for the common case: a client sending to the same server again.
            msg._targetPort = this;
        }

        VirtualCpu? mine = VirtualCpu.Current;
        VirtualCpu owner = Volatile.Read(ref _owner._cpu);
        if (mine == owner)
        {
            PutLocal(msg, msg._flags);
        }
        else
        {
            msg._flags |= (int)MessageFlags.InTransit;
            SendToOwner(mine, owner, s_putRemote, msg);
        }

        return MessageError.Async;
    }

    /// <summary>lwkt: lwkt_thread_replyport. Any thread.</summary>
    internal override void ReplyPort(Message msg)
    {
        VirtualCpu? mine = VirtualCpu.Current;
        VirtualCpu owner = Volatile.Read(ref _owner._cpu);
        if (mine == owner)
        {
            ReplyLocal(msg, msg._flags);
        }
        else
        {
            // Reply set now, on the replier's side, so an abort racing the reply stands down (lwkt does the same).
            msg._flags |= (int)(MessageFlags.Reply | MessageFlags.InTransit);
            SendToOwner(mine, owner, s_replyRemote, msg);
        }
    }

    internal override Message? GetPortCore()
    {
        CheckOwner();
        return _queue.Pull();
    }

    internal override ValueTask<Message> WaitPortCore()
    {
        LwktThread td = CheckOwner();
        Message? msg = _queue.Pull();
        if (msg is not null)
        {
            return new ValueTask<Message>(msg);
        }

        td._state = ThreadState.Blocked;
        ValueTask<Message> vt = td.BlockPointWithMessage();
        _waitVersion = td.WaitVersion;
        _waitingFor = null;
        _waiting = true;
        return vt;
    }

    internal override ValueTask<int> WaitMessage(Message msg)
    {
        LwktThread td = CheckOwner();
        int flags = msg._flags;
        if ((flags & (int)MessageFlags.Done) != 0)
        {
            if ((flags & (int)MessageFlags.Queued) != 0)
            {
                _queue.Remove(msg);
            }

            return new ValueTask<int>(msg._error);
        }

        td._state = ThreadState.Blocked;
        ValueTask<int> vt = td.BlockPointWithResult();
        _waitVersion = td.WaitVersion;
        _waitingFor = msg;
        _waiting = true;
        return vt;
    }

    /// <summary>lwkt: lwkt_thread_dropmsg. Only the owner, only while queued and not a reply.</summary>
    internal override int DropMessage(Message msg)
    {
        if (VirtualCpu.CurrentThreadOrNull != _owner)
        {
            return MessageError.NotFound;
        }

        if ((msg._flags & (int)(MessageFlags.Reply | MessageFlags.Queued)) != (int)MessageFlags.Queued
            || msg._targetPort != this)
        {
            return MessageError.NotFound;
        }

        _queue.Remove(msg);
        msg._flags |= (int)MessageFlags.Done;
        return MessageError.None;
    }

    /// <summary>On the owner's CPU: queue a request, or hand it to the owner waiting for any message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PutLocal(Message msg, int flags)
    {
        flags &= ~(int)MessageFlags.InTransit;
        if (_waiting && _waitingFor is null)
        {
            _waiting = false;
            msg._flags = flags;
            _owner.WakeWithMessageOnOwnCpu(_waitVersion, msg);
        }
        else
        {
            _queue.Push(msg, flags);
        }
    }

    /// <summary>
    /// On the owner's CPU: complete a reply. Sync replies are marked Done|Reply and never queued; async ones are
    /// queued with Reply|Done|Queued — unless the owner waits for exactly this message or for any, when it is handed
    /// over instead (it would be dequeued at once: lwkt's waitmsg pulls it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ReplyLocal(Message msg, int flags)
    {
        flags = (flags & ~(int)MessageFlags.InTransit) | (int)(MessageFlags.Done | MessageFlags.Reply);
        if (_waiting && _waitingFor == msg)
        {
            _waiting = false;
            _waitingFor = null;
            msg._flags = flags;
            _owner.WakeOnOwnCpu(_waitVersion, msg._error);
        }
        else if ((flags & (int)MessageFlags.Sync) != 0)
        {
            msg._flags = flags;
        }
        else if (_waiting && _waitingFor is null)
        {
            _waiting = false;
            msg._flags = flags;
            _owner.WakeWithMessageOnOwnCpu(_waitVersion, msg);
        }
        else
        {
            _queue.Push(msg, flags);
        }
    }

    /// <summary>Sends a put or reply to the owner's CPU: by IPI from a worker, through the external queue otherwise.</summary>
    private static void SendToOwner(VirtualCpu? mine, VirtualCpu owner, Action<object?, long> handler, Message msg)
    {
        if (mine is not null && mine.Runtime == owner.Runtime)
        {
            mine.SendIpi(owner, handler, msg, 0);
        }
        else
        {
            owner.SendExternal(handler, msg, 0);
        }
    }

    /// <summary>IPI handler (lwkt: lwkt_thread_putport_remote): put on the owner's CPU, chasing a migrated owner.</summary>
    private static void PutRemote(object? arg, long unused)
    {
        var msg = (Message)arg!;
        var port = (ThreadPort)msg._targetPort!;
        VirtualCpu mine = VirtualCpu.Mine;
        VirtualCpu owner = Volatile.Read(ref port._owner._cpu);
        if (owner != mine)
        {
            mine.SendIpi(owner, s_putRemote, msg, 0);
            return;
        }

        port.PutLocal(msg, msg._flags);
    }

    /// <summary>IPI handler (lwkt: lwkt_thread_replyport_remote): reply on the owner's CPU, chasing a migrated owner.</summary>
    private static void ReplyRemote(object? arg, long unused)
    {
        var msg = (Message)arg!;
        var port = (ThreadPort)msg._replyPort!;
        VirtualCpu mine = VirtualCpu.Mine;
        VirtualCpu owner = Volatile.Read(ref port._owner._cpu);
        if (owner != mine)
        {
            mine.SendIpi(owner, s_replyRemote, msg, 0);
            return;
        }

        port.ReplyLocal(msg, msg._flags);
    }

    /// <summary>Only the owner gets and waits (lwkt: KKASSERT(mpu_td == curthread)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal LwktThread CheckOwner()
    {
        LwktThread? td = VirtualCpu.CurrentThreadOrNull;
        if (td != _owner)
        {
            ThrowNotOwner(td);
        }

        return td!;
    }

    [DoesNotReturn]
    private void ThrowNotOwner(LwktThread? td) => throw new InvalidOperationException(td is null
        ? "A thread port can only be read by its owner, an LWKT thread; this caller is outside the runtime."
        : $"Thread {td.Id} may not get or wait on the port of thread {_owner.Id}: only the owner may.");
}
