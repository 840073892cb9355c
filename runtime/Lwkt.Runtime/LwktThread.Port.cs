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

    /// <summary>As <see cref="BlockPoint"/>, for a wait whose waker hands over a message (<see cref="WakeWithMessage"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ValueTask<Message> BlockPointWithMessage() => new(this, (short)++_waitVersion);

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
    internal void WakeWithMessage(int version, Message msg)
    {
        _handedMessage = msg;
        Wake(version, WokenResult);
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

    Message IValueTaskSource<Message>.GetResult(short token)
    {
        CheckToken(token);
        Message msg = _handedMessage!;
        _handedMessage = null;
        return msg;
    }
}
