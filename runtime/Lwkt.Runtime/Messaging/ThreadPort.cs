using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A port owned by one LWKT thread (lwkt: lwkt_initport_thread, the td_msgport backend). No locks and no atomics:
/// its state is touched only on the owner's current CPU — by the owner itself, or by IPI handlers that worker runs
/// between threads. A put or reply made on another CPU (or outside the runtime) travels by IPI to the owner's CPU,
/// and a handler that finds the owner gone (migrated) sends it on (lwkt: lwkt_thread_putport_remote re-IPIs).
/// </summary>
/// <remarks>
/// <para>WAITING gating (lwkt: MSGPORTF_WAITING): the owner blocks with <see cref="OwnerSide.Waiting"/> set and names
/// what it waits for — any message, or one message. A put or reply that satisfies the wait hands the message over directly
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

    /// <summary>The owner's runtime: decides between an IPI and the external queue without touching remote state.</summary>
    private readonly LwktRuntime _runtime;

    /// <summary>
    /// The owner's CPU as last seen. Senders address their IPI with it instead of reading <c>_owner._cpu</c>, a field
    /// on a line the owner's CPU writes at every switch; a handler that finds the owner gone chases it and corrects the
    /// hint, and the owner corrects it whenever it waits. Any value is safe: a stale one costs one extra IPI hop.
    /// </summary>
    private VirtualCpu _cpuHint;

    /// <summary>State written on the owner's CPU only, on cache lines of its own.</summary>
    private OwnerSide _local;

    public ThreadPort(LwktThread owner)
    {
        _owner = owner;
        _cpuHint = owner.Cpu;
        _runtime = _cpuHint.Runtime;
    }

    /// <summary>lwkt: lwkt_thread_putport. Any thread; returns <see cref="MessageError.Async"/>.</summary>
    internal override int PutPort(Message msg)
    {
        if (msg._targetPort != this)
        {
            // Skips the GC write barrier for the common case: a client sending to the same server again.
            msg._targetPort = this;
        }

        VirtualCpu? mine = VirtualCpu.Calling;
        VirtualCpu target = _cpuHint;
        if (mine == target)
        {
            VirtualCpu owner = Volatile.Read(ref _owner._cpu);
            if (owner == mine)
            {
                PutLocal(msg, msg._flags);
                return MessageError.Async;
            }

            target = owner;
        }

        msg._flags |= (int)MessageFlags.InTransit;
        SendToOwner(mine, target, s_putRemote, msg);
        return MessageError.Async;
    }

    /// <summary>lwkt: lwkt_thread_replyport. Any thread.</summary>
    internal override void ReplyPort(Message msg)
    {
        VirtualCpu? mine = VirtualCpu.Calling;
        VirtualCpu target = _cpuHint;
        if (mine == target)
        {
            VirtualCpu owner = Volatile.Read(ref _owner._cpu);
            if (owner == mine)
            {
                ReplyLocal(msg, msg._flags);
                return;
            }

            target = owner;
        }

        // Reply set now, on the replier's side, so an abort racing the reply stands down (lwkt does the same).
        msg._flags |= (int)(MessageFlags.Reply | MessageFlags.InTransit);
        SendToOwner(mine, target, s_replyRemote, msg);
    }

    internal override Message? GetPortCore()
    {
        CheckOwner();
        return _local.Queue.Pull();
    }

    internal override LwktThread? WaitPort(out Message? msg)
    {
        LwktThread td = CheckOwner();
        msg = _local.Queue.Pull();
        if (msg is not null)
        {
            return null;
        }

        AssertOwnerMayWait(td);
        RefreshHint(td);
        td.BlockAtNewPoint();
        _local.WaitVersion = td.WaitVersion;
        _local.WaitingFor = null;
        _local.Waiting = true;
        return td;
    }

    internal override LwktThread? WaitMessage(Message msg, out int error) => WaitMessageAsOwner(CheckOwner(), msg, out error);

    /// <summary>waitmsg for a caller already checked to be the owner <paramref name="td"/> (the send-and-wait path).</summary>
    internal LwktThread? WaitMessageAsOwner(LwktThread td, Message msg, out int error)
    {
        int flags = msg._flags;
        if ((flags & (int)MessageFlags.Done) != 0)
        {
            if ((flags & (int)MessageFlags.Queued) != 0)
            {
                _local.Queue.Remove(msg);
            }

            error = msg._error;
            return null;
        }

        AssertOwnerMayWait(td);
        RefreshHint(td);
        td.BlockAtNewPoint();
        _local.WaitVersion = td.WaitVersion;
        _local.WaitingFor = msg;
        _local.Waiting = true;
        error = 0;
        return td;
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

        _local.Queue.Remove(msg);
        msg._flags |= (int)MessageFlags.Done;
        return MessageError.None;
    }

    /// <summary>On the owner's CPU: queue a request, or hand it to the owner waiting for any message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PutLocal(Message msg, int flags)
    {
        Invariants.OnOwnerCpu(_owner);
        Debug.Assert((flags & (int)(MessageFlags.Queued | MessageFlags.Done)) == 0, $"a put of a message that is queued or done (flags 0x{flags:x})");
        flags &= ~(int)MessageFlags.InTransit;
        if (_local.Waiting && _local.WaitingFor is null)
        {
            Invariants.InState(_owner, ThreadState.Blocked);
            _local.Waiting = false;
            msg._flags = flags;
            _owner.WakeWithMessageOnOwnCpu(_local.WaitVersion, msg);
        }
        else
        {
            _local.Queue.Push(msg, flags);
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
        Invariants.OnOwnerCpu(_owner);

        // Exactly once (invariant 15): a message is replied only while the target owns it, never after it is done.
        Debug.Assert((flags & (int)(MessageFlags.Done | MessageFlags.Queued)) == 0, $"a second reply, or a reply of a queued message (flags 0x{flags:x})");
        flags = (flags & ~(int)MessageFlags.InTransit) | (int)(MessageFlags.Done | MessageFlags.Reply);
        if (_local.Waiting && _local.WaitingFor == msg)
        {
            Invariants.InState(_owner, ThreadState.Blocked);
            _local.Waiting = false;
            _local.WaitingFor = null;
            msg._flags = flags;
            _owner.WakeOnOwnCpu(_local.WaitVersion, msg._error);
        }
        else if ((flags & (int)MessageFlags.Sync) != 0)
        {
            msg._flags = flags;
        }
        else if (_local.Waiting && _local.WaitingFor is null)
        {
            _local.Waiting = false;
            msg._flags = flags;
            _owner.WakeWithMessageOnOwnCpu(_local.WaitVersion, msg);
        }
        else
        {
            _local.Queue.Push(msg, flags);
        }
    }

    /// <summary>Sends a put or reply toward the owner's CPU: by IPI from a worker, through the external queue otherwise.</summary>
    private void SendToOwner(VirtualCpu? mine, VirtualCpu target, Action<object?, long> handler, Message msg)
    {
        if (mine is not null && mine.Runtime == _runtime)
        {
            mine.SendIpi(target, handler, msg, 0);
        }
        else
        {
            target.SendExternal(handler, msg, 0);
        }
    }

    /// <summary>The owner is the running thread, and nothing waits on the port yet: the owner is its only waiter.</summary>
    [Conditional("DEBUG")]
    private void AssertOwnerMayWait(LwktThread td)
    {
        Invariants.IsRunning(td);
        Debug.Assert(!_local.Waiting, $"the port of thread {_owner.Id} is waited on twice");
    }

    /// <summary>The owner, on its CPU, about to wait: make the hint exact (a write only after a migration).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RefreshHint(LwktThread td)
    {
        VirtualCpu cpu = td._cpu;
        if (_cpuHint != cpu)
        {
            _cpuHint = cpu;
        }
    }

    /// <summary>
    /// In an IPI handler: true when the owner lives on this CPU. Otherwise corrects the hint and sends the entry on
    /// to the owner's CPU (lwkt: the remote handlers re-IPI when the target thread has moved).
    /// </summary>
    private bool OwnerIsHere(VirtualCpu mine, Action<object?, long> handler, Message msg)
    {
        VirtualCpu owner = Volatile.Read(ref _owner._cpu);
        if (owner == mine)
        {
            return true;
        }

        _cpuHint = owner;
        mine.SendIpi(owner, handler, msg, 0);
        return false;
    }

    /// <summary>IPI handler (lwkt: lwkt_thread_putport_remote): put on the owner's CPU, chasing a migrated owner.</summary>
    private static void PutRemote(object? arg, long unused)
    {
        var msg = (Message)arg!;
        var port = (ThreadPort)msg._targetPort!;
        if (port.OwnerIsHere(VirtualCpu.Mine, s_putRemote, msg))
        {
            port.PutLocal(msg, msg._flags);
        }
    }

    /// <summary>IPI handler (lwkt: lwkt_thread_replyport_remote): reply on the owner's CPU, chasing a migrated owner.</summary>
    private static void ReplyRemote(object? arg, long unused)
    {
        var msg = (Message)arg!;
        var port = (ThreadPort)msg._replyPort!;
        if (port.OwnerIsHere(VirtualCpu.Mine, s_replyRemote, msg))
        {
            port.ReplyLocal(msg, msg._flags);
        }
    }

    /// <summary>Only the owner gets and waits (lwkt: KKASSERT(mpu_td == curthread)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal LwktThread CheckOwner()
    {
        LwktThread? td = VirtualCpu.Calling?.CurrentThread;
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

    /// <summary>
    /// The port state only the owner's CPU touches, with a cache line of padding on each side: remote senders read the
    /// port's read-only fields at every put, and must not pull the line the owner's CPU writes at every wait.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct OwnerSide
    {
        /// <summary>Queued requests and asynchronous replies.</summary>
        [FieldOffset(64)]
        public MessageQueue Queue;

        /// <summary>While <see cref="Waiting"/>: the one message awaited (waitmsg), or null for any message (waitport).</summary>
        [FieldOffset(96)]
        public Message? WaitingFor;

        /// <summary>While <see cref="Waiting"/>: the owner's blocking point.</summary>
        [FieldOffset(104)]
        public int WaitVersion;

        /// <summary>The owner is blocked on this port (lwkt: MSGPORTF_WAITING).</summary>
        [FieldOffset(108)]
        public bool Waiting;
    }
}
