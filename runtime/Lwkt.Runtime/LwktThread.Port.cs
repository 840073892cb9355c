using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

/// <summary>
/// The thread's built-in message port and the hooks the ports block and wake through (Messaging owns the rest).
/// Waiting for "any message" completes with the message itself, handed over by the waker, so the thread is also the
/// allocation-free source of <see cref="ValueTask{Message}"/>.
/// </summary>
public sealed partial class LwktThread : IValueTaskSource<Message>
{
    private MessagePort? _port;

    /// <summary>The message handed to this thread by the waker of a port wait; consumed by GetResult.</summary>
    private Message? _handedMessage;

    /// <summary>
    /// The thread's own port (lwkt: td_msgport), a thread port owned by this thread: the usual reply port of the
    /// messages it sends and the port its clients send to. Created on first use; any thread may read it.
    /// </summary>
    public MessagePort Port
    {
        get
        {
            MessagePort? port = Volatile.Read(ref _port);
            if (port is null)
            {
                Interlocked.CompareExchange(ref _port, MessagePort.CreateThreadPort(this), null);
                port = _port!;
            }

            return port;
        }
    }

    /// <summary>
    /// The calling LWKT thread, found from the stack pointer (<see cref="VirtualCpu.Calling"/>) instead of the
    /// thread-static read of <see cref="Self"/> (a <c>__tls_get_addr</c> call and dependent loads; a same-CPU round trip
    /// through a port made six): the message paths' lookup. Outside an LWKT thread it throws.
    /// </summary>
    internal static LwktThread Calling
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => VirtualCpu.Calling?.CurrentThread ?? ThrowNotInThread();
    }

    /// <summary>
    /// The blocking point of the last <see cref="BlockAtNewPoint"/>, for a wait whose waker hands over a message
    /// (<see cref="WakeWithMessage"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ValueTask<Message> ReservedBlockPointWithMessage() => new(this, (short)_waitVersion);

    /// <summary>
    /// Arms <paramref name="continuation"/> as what resumes this thread from blocking point <paramref name="token"/>: the
    /// completion callback of an awaiter of the caller's own for a message wait (<see cref="MessagePort.SendAndBlock"/>,
    /// <see cref="PortReceiver{TResult}.TryReceive"/>), in place of a ValueTask's <c>OnCompleted</c>. The scheduler
    /// invokes it, as it invokes a yield's (<see cref="YieldThen"/>). Caller: this thread, blocked at that point and
    /// returning to the scheduler at once; a stale token throws.
    /// </summary>
    public void ResumeThen(short token, Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        CheckToken(token);
        SetResume(continuation, null);
    }

    /// <summary>
    /// <see cref="ResumeThen"/> for the calling thread, found from the stack pointer (<see cref="VirtualCpu.Calling"/>),
    /// for an awaiter that does not carry its thread; outside an LWKT thread it throws.
    /// </summary>
    public static void ResumeCurrentThen(short token, Action continuation) => Calling.ResumeThen(token, continuation);

    /// <summary>
    /// Ends the port wait whose blocking point is <paramref name="token"/>: the message its waker handed over. Caller:
    /// the thread itself, once resumed (a GetResult).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Message TakeHandedMessage(short token)
    {
        CheckToken(token);
        Message msg = _handedMessage!;
        _handedMessage = null;
        return msg;
    }

    /// <summary>
    /// Wakes the thread from blocking point <paramref name="version"/> with <paramref name="result"/>. Caller: the
    /// worker of the thread's own CPU (a port acting on its owner's CPU), so no IPI is needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WakeOnOwnCpu(int version, int result)
    {
        Invariants.OnOwnerCpu(this);
        WakeLocal(((long)version << 32) | (uint)result);
    }

    /// <summary>
    /// Hands <paramref name="msg"/> to the thread blocked at <paramref name="version"/> in a port wait, then wakes it
    /// (from any thread). The waker has taken the thread off the port's waiter list, so nothing else wakes that
    /// blocking point and the message cannot be lost.
    /// </summary>
    /// <remarks>
    /// <para>From another CPU the message travels in the IPI (lwkt: lwkt_thread_putport_remote carries the message, not a
    /// pointer written into the target): the waker writes only the message, whose line the waiter reads next anyway,
    /// and the handler on the waiter's CPU stores it in <see cref="_handedMessage"/>. Writing that field from here put
    /// a store into the first line of the thread object — the line with <c>_cpu</c>, the run-queue links and the
    /// resume continuation, which the waiter's CPU writes at every switch — on both sides of every cross-CPU hop: the
    /// waker's store missed, and the handler and the resume missed on it again (docs/cross-cpu.md).</para>
    /// <para><paramref name="cpuHint"/>, when given, is where the waiter was when it registered (<see cref="PortWaiter.Cpu"/>):
    /// a waker on another CPU sends the IPI there without reading <c>_cpu</c>, for the same reason (one cache-line
    /// transfer per hop). A stale hint costs a hop: the handler chases the thread. On the hinted CPU itself the waker
    /// confirms with <c>_cpu</c>, a line of its own CPU then.</para>
    /// </remarks>
    internal void WakeWithMessage(int version, Message msg, VirtualCpu? cpuHint = null)
    {
        VirtualCpu? mine = VirtualCpu.Calling;
        VirtualCpu owner = cpuHint ?? Volatile.Read(ref _cpu);
        long arg = ((long)version << 32) | (uint)WokenResult;
        if (mine == owner && (cpuHint is null || mine == (owner = Volatile.Read(ref _cpu))))
        {
            _handedMessage = msg;
            WakeLocal(arg);
            return;
        }

        msg._handTo = this;
        if (mine is not null)
        {
            // The waker's CPU rides in the low half, where a wake's result would be (a hand-over's is always
            // WokenResult): the owner may move the thread there (wake affinity, as Wake's handler does).
            long fromHere = mine.Runtime == owner.Runtime ? mine.Id + 1 : 0;
            mine.SendIpi(owner, s_wakeWithMessageRemote, msg, ((long)version << 32) | fromHere);
        }
        else
        {
            owner.SendExternal(s_wakeWithMessageRemote, msg, (long)version << 32);
        }
    }

    private static readonly Action<object?, long> s_wakeWithMessageRemote = WakeWithMessageRemote;

    /// <summary>
    /// IPI handler on the waiter's CPU (argument: the message, whose <see cref="Message._handTo"/> names the waiter; arg2:
    /// the blocking point in the high half, the waker's CPU id + 1 in the low half, 0 from outside the workers). Chases a
    /// waiter that migrated since the wake was addressed; otherwise hands the message over and wakes the thread as
    /// <see cref="Wake"/>'s handler does, wake affinity included (<see cref="WakeRemote"/>).
    /// </summary>
    private static void WakeWithMessageRemote(object? arg, long arg2)
    {
        var msg = (Message)arg!;
        LwktThread td = msg._handTo!;
        VirtualCpu mine = VirtualCpu.Mine;
        if (td._cpu != mine)
        {
            mine.SendIpi(td._cpu, s_wakeWithMessageRemote, msg, arg2);
            return;
        }

        msg._handTo = null;
        td._handedMessage = msg;
        int from = (int)(uint)arg2;
        VirtualCpu? waker = from == 0 ? null : mine.Runtime.CpuAt(from - 1);
        WakeRemote(waker, td, (arg2 & ~0xFFFF_FFFFL) | (uint)WokenResult);
    }

    /// <summary>
    /// Hands <paramref name="msg"/> to the thread blocked in a port wait without waking it: whoever wakes that blocking
    /// point later (a serializer handing itself over) resumes it with the message.
    /// </summary>
    internal void HandMessage(Message msg) => _handedMessage = msg;

    /// <summary>As <see cref="WakeWithMessage"/>, from the worker of the thread's own CPU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WakeWithMessageOnOwnCpu(int version, Message msg)
    {
        Invariants.OnOwnerCpu(this);
        _handedMessage = msg;
        WakeLocal((long)version << 32);
    }

    ValueTaskSourceStatus IValueTaskSource<Message>.GetStatus(short token) => GetStatusCore(token);

    void IValueTaskSource<Message>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => OnCompletedCore(continuation, state, token);

    Message IValueTaskSource<Message>.GetResult(short token) => TakeHandedMessage(token);
}
