using System.Diagnostics.CodeAnalysis;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// An LWKT message port (lwkt: struct lwkt_port): where messages are sent and replies come back. The kind of port
/// decides who may wait on it and how a put or reply reaches the waiter; make one with a factory:
/// <see cref="CreateThreadPort"/> (or a thread's own <see cref="LwktThread.Port"/>), <see cref="CreateSpinPort"/>,
/// <see cref="CreateSerializerPort"/>, <see cref="CreateReplyOnlyPort"/>, <see cref="CreatePutOnlyPort"/>.
/// </summary>
/// <remarks>
/// <para>Exactly-once completion: every <see cref="Send"/> or <see cref="SendAndWaitAsync"/> ends in one reply. A
/// target that completes at once (a put function returning an error other than <see cref="MessageError.Async"/>)
/// makes <see cref="SendAndWaitAsync"/> return that error directly, and makes <see cref="Send"/> reply it so the
/// answer still arrives on the reply port.</para>
/// <para>The backend methods (lwkt: mp_putport, mp_replyport, mp_getport, mp_waitport, mp_waitmsg, mp_dropmsg) are
/// internal; the public operations below add the ownership checks every port shares.</para>
/// </remarks>
public abstract class MessagePort
{
    private protected MessagePort()
    {
    }

    /// <summary>
    /// Creates a port owned by <paramref name="owner"/> (lwkt: lwkt_initport_thread): only the owner gets and waits,
    /// without locks; puts and replies from other CPUs travel by IPI and follow the owner when it migrates.
    /// </summary>
    public static MessagePort CreateThreadPort(LwktThread owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new ThreadPort(owner);
    }

    /// <summary>
    /// Creates a port any LWKT thread may wait on (lwkt: lwkt_initport_spin), its queue guarded by a small spin lock.
    /// Any thread, inside the runtime or not, may put and reply to it.
    /// </summary>
    public static MessagePort CreateSpinPort() => new SpinPort();

    /// <summary>
    /// Creates a port guarded by <paramref name="serializer"/> (lwkt: lwkt_initport_serialize): every operation on it
    /// must be made while holding the serializer; a waiter gives the serializer up while it sleeps and holds it again
    /// when it returns.
    /// </summary>
    public static MessagePort CreateSerializerPort(Serializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        return new SerializerPort(serializer);
    }

    /// <summary>
    /// Creates a port that only takes replies (lwkt: lwkt_initport_replyonly / replyonly_null): a reply marks the
    /// message Done|Reply and then calls <paramref name="onReply"/>, if given, on the replying thread (it must not
    /// block). Messages replied here are polled with <see cref="Message.IsDone"/>; nothing can wait on or get from it.
    /// </summary>
    public static MessagePort CreateReplyOnlyPort(Action<Message>? onReply = null) => new ReplyOnlyPort(onReply);

    /// <summary>
    /// Creates a port whose put runs <paramref name="onPut"/> on the sending thread (lwkt: lwkt_initport_putonly). The
    /// function either completes the message at once by returning an error number, or keeps it by returning
    /// <see cref="MessageError.Async"/> and replies later (from any thread). It must not block.
    /// </summary>
    public static MessagePort CreatePutOnlyPort(Func<Message, int> onPut)
    {
        ArgumentNullException.ThrowIfNull(onPut);
        return new PutOnlyPort(onPut);
    }

    /// <summary>
    /// Sends <paramref name="msg"/> asynchronously (lwkt: lwkt_sendmsg): the reply, whatever path it takes, is queued
    /// on the message's reply port with Reply|Done|Queued. The caller gives up ownership until then.
    /// </summary>
    /// <exception cref="InvalidOperationException">The caller does not own the message (not Done, or still queued), or
    /// it has no reply port.</exception>
    public void Send(Message msg)
    {
        ArgumentNullException.ThrowIfNull(msg);
        msg.ThrowIfNotOwned();
        MessagePort replyPort = msg._replyPort ?? ThrowNoReplyPort();
        msg._flags &= ~(int)(MessageFlags.Reply | MessageFlags.Sync | MessageFlags.Done);
        if (LwktEventSource.MessagesOn) LwktEventSource.Log.OnSend(msg, this, synchronous: false);
        int error = PutPort(msg);
        if (error != MessageError.Async)
        {
            msg._error = error;
            replyPort.ReplyPort(msg);
        }
    }

    /// <summary>
    /// Sends <paramref name="msg"/> and waits for its reply (lwkt: lwkt_domsg), returning the reply's error. The
    /// message is marked <see cref="MessageFlags.Sync"/>: the reply wakes the caller and is never queued. When the
    /// target completes it at once, no switch happens. The caller must be allowed to wait on the reply port (its own
    /// thread port, a spin port, ...). Await the result at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">As <see cref="Send"/>, or the message is dropable.</exception>
    public ValueTask<int> SendAndWaitAsync(Message msg)
    {
        LwktThread? waiter = SendAndWait(msg, out int error);
        return waiter is null ? new ValueTask<int>(error) : waiter.ReservedBlockPointWithResult();
    }

    /// <summary>
    /// As <see cref="SendAndWaitAsync"/>, for a caller that reads the reply's error from <see cref="Message.Error"/>
    /// (lwkt_domsg's result is the message's ms_error): the ValueTask carries no result, so a caller that must return a
    /// plain <see cref="ValueTask"/> (the workloads' port call) returns it as is instead of converting it through a
    /// source of its own.
    /// </summary>
    /// <exception cref="InvalidOperationException">As <see cref="SendAndWaitAsync"/>.</exception>
    public ValueTask SendAndWaitDoneAsync(Message msg)
    {
        LwktThread? waiter = SendAndWait(msg, out _);
        return waiter is null ? default : waiter.ReservedBlockPoint();
    }

    /// <summary>
    /// As <see cref="SendAndWaitDoneAsync"/>, for a caller that awaits through an awaiter of its own instead of a
    /// <see cref="ValueTask"/> (the workloads' port call): false when the message completed at once; otherwise true, the
    /// calling thread blocked at blocking point <paramref name="token"/> until the reply wakes it. The awaiter arms its
    /// continuation with <see cref="LwktThread.ResumeThen"/> (or <see cref="LwktThread.ResumeCurrentThen"/>) before the
    /// thread returns to its scheduler; the reply's error is in <see cref="Message.Error"/>. A ValueTask's await asks
    /// whether its object is a Task three times (a cast helper call each, unless dynamic PGO profiled the site in that
    /// launch) and makes three interface calls; such an awaiter makes none.
    /// </summary>
    /// <exception cref="InvalidOperationException">As <see cref="SendAndWaitAsync"/>.</exception>
    public bool SendAndBlock(Message msg, out short token)
    {
        LwktThread? waiter = SendAndWait(msg, out _);
        token = waiter is null ? (short)0 : (short)waiter.WaitVersion;
        return waiter is not null;
    }

    /// <summary>
    /// The send and wait of <see cref="SendAndWaitAsync"/>: null with the <paramref name="error"/> when the message
    /// completed at once, else the calling thread, blocked at the blocking point its reply wakes.
    /// </summary>
    private LwktThread? SendAndWait(Message msg, out int error)
    {
        ArgumentNullException.ThrowIfNull(msg);
        msg.ThrowIfNotOwned();
        MessagePort replyPort = msg._replyPort ?? ThrowNoReplyPort();
        int flags = msg._flags;
        if ((flags & (int)MessageFlags.Dropable) != 0)
        {
            throw new InvalidOperationException("A dropable message cannot be waited on: send it with Send.");
        }

        // The wait must be legal before the message leaves: a failed wait would strand it in flight.
        LwktThread? owner = null;
        if (replyPort is ThreadPort threadPort)
        {
            owner = threadPort.CheckOwner();
        }
        else if (replyPort is ReplyOnlyPort or PutOnlyPort)
        {
            ThrowUnsupported<int>("send-and-wait replies (use a thread, spin or serializer reply port)");
        }

        msg._flags = (flags & ~(int)(MessageFlags.Reply | MessageFlags.Done)) | (int)MessageFlags.Sync;
        if (LwktEventSource.MessagesOn) LwktEventSource.Log.OnSend(msg, this, synchronous: true);
        error = PutPort(msg);
        if (error != MessageError.Async)
        {
            // Completed synchronously: the originator owns it again; nothing was queued and nobody else will reply.
            msg._error = error;
            msg._flags |= (int)(MessageFlags.Done | MessageFlags.Reply);
            return null;
        }

        if (owner is null)
        {
            return replyPort.WaitMessage(msg, out error);
        }

        // The reply comes to the caller's own CPU (its thread port): with nothing else runnable there, wait for it in
        // place, running the IPIs that bring it, instead of switching out (VirtualCpu.WaitInPlace). The wait below
        // finds the reply done then, or blocks as before.
        owner._cpu.WaitInPlace(owner, msg, null);
        return ((ThreadPort)replyPort).WaitMessageAsOwner(owner, msg, out error);
    }

    /// <summary>
    /// Passes a message the caller received on to this port (lwkt: lwkt_forwardmsg); the eventual reply still goes to
    /// the originator. A synchronous error from this port is replied at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The message is queued, done or replied: the caller is not its target.</exception>
    public void Forward(Message msg)
    {
        ArgumentNullException.ThrowIfNull(msg);
        int flags = msg._flags;
        if ((flags & (int)(MessageFlags.Queued | MessageFlags.Done | MessageFlags.Reply)) != 0)
        {
            throw new InvalidOperationException(
                $"Only the target that holds a message may forward it ({(MessageFlags)flags}).");
        }

        if (LwktEventSource.MessagesOn) LwktEventSource.Log.OnSend(msg, this, synchronous: false);
        int error = PutPort(msg);
        if (error != MessageError.Async)
        {
            msg.Reply(error);
        }
    }

    /// <summary>
    /// Takes the next message, priority messages first, or returns null (lwkt: lwkt_getport). Requests and replies
    /// both arrive here; tell them apart with <see cref="Message.IsReply"/>.
    /// </summary>
    public Message? GetPort() => GetPortCore();

    /// <summary>
    /// Waits for the next message and takes it (lwkt: lwkt_waitport). Await the result at once; the caller's tokens
    /// are released while it waits.
    /// </summary>
    public ValueTask<Message> WaitPortAsync()
    {
        LwktThread? waiter = WaitPort(out Message? msg);
        return waiter is null ? new ValueTask<Message>(msg!) : waiter.ReservedBlockPointWithMessage();
    }

    /// <summary>
    /// Queues <paramref name="msg"/> (target: this port) and returns <see cref="MessageError.Async"/>, or completes it at
    /// once and returns its error (lwkt: mp_putport). The sender has already cleared Done.
    /// </summary>
    internal abstract int PutPort(Message msg);

    /// <summary>Delivers the reply of <paramref name="msg"/>, whose error is set (lwkt: mp_replyport).</summary>
    internal abstract void ReplyPort(Message msg);

    /// <summary>lwkt: mp_getport.</summary>
    internal abstract Message? GetPortCore();

    /// <summary>
    /// Takes the next message, or blocks the caller until one is handed to it (lwkt: mp_waitport). When one is queued,
    /// returns null with it in <paramref name="msg"/>; otherwise returns the calling thread, blocked at a new blocking
    /// point (<see cref="LwktThread.BlockAtNewPoint"/>) whose waker hands the message over (the thread's handed message).
    /// </summary>
    internal abstract LwktThread? WaitPort(out Message? msg);

    /// <summary>
    /// Waits for <paramref name="msg"/>, replied to this port, to be done; dequeues it (lwkt: mp_waitmsg). When it is done
    /// already, returns null with its <paramref name="error"/>; otherwise returns the calling thread, blocked at a new
    /// blocking point (<see cref="LwktThread.BlockAtNewPoint"/>) that the reply wakes.
    /// </summary>
    internal abstract LwktThread? WaitMessage(Message msg, out int error);

    /// <summary>Drops <paramref name="msg"/>, put to this port, if still queued (lwkt: mp_dropmsg).</summary>
    internal abstract int DropMessage(Message msg);

    [DoesNotReturn]
    private static MessagePort ThrowNoReplyPort() =>
        throw new InvalidOperationException("The message has no reply port; call Message.Init first.");

    /// <summary>Throws for an operation the port kind does not have (lwkt: the panic port methods).</summary>
    [DoesNotReturn]
    private protected static T ThrowUnsupported<T>(string what) =>
        throw new InvalidOperationException($"This port does not support {what}.");
}
