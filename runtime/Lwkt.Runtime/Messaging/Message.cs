using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// An LWKT message (lwkt: struct lwkt_msg): a request sent to a target <see cref="MessagePort"/> and replied, exactly
/// once, to its reply port. Derive from it to carry a payload, as kernel structures embed an lwkt_msg.
/// </summary>
/// <remarks>
/// <para>Ownership (lwkt: "only the current owner touches a message"): the originator owns it before the send and
/// after the reply (<see cref="MessageFlags.Done"/> set); the target owns it in between; while it is queued, the port
/// owns it. Only the owner writes its state, so the flags need no atomics; the one foreign reader is
/// <see cref="Abort"/>, which reads them once and tolerates a reply racing it.</para>
/// <para>A message is reusable: after the reply, send it again. <see cref="Init"/> is needed only to change the
/// reply port or options.</para>
/// </remarks>
public class Message
{
    private const int OptionFlags = (int)(MessageFlags.Dropable | MessageFlags.Abortable | MessageFlags.Priority
        | MessageFlags.User0 | MessageFlags.User1 | MessageFlags.User2 | MessageFlags.User3);

    /// <summary>State and options (lwkt: ms_flags); written by the owner only. <see cref="MessageFlags.Waiting"/> is
    /// not kept here but in <see cref="_waiter"/>, so the waiter never writes a word the target owns.</summary>
    internal int _flags = (int)MessageFlags.Done;

    /// <summary>Error of the reply (lwkt: ms_error).</summary>
    internal int _error;

    /// <summary>Where the reply goes (lwkt: ms_reply_port).</summary>
    internal MessagePort? _replyPort;

    /// <summary>The port it was last put to (lwkt: ms_target_port).</summary>
    internal MessagePort? _targetPort;

    private Action<Message>? _abortFunction;

    /// <summary>Queue links; owned by <see cref="MessageQueue"/>.</summary>
    internal Message? _next;

    /// <summary>Queue links; owned by <see cref="MessageQueue"/>.</summary>
    internal Message? _prev;

    /// <summary>
    /// The thread blocked on this message at a spin or serializer reply port (lwkt: MSGF_WAITING), and its blocking
    /// point; guarded by that port's lock. The replier takes it (clears WAITING) and wakes it.
    /// </summary>
    internal LwktThread? _waiter;

    /// <summary>Blocking point of <see cref="_waiter"/>.</summary>
    internal int _waiterVersion;

    /// <summary>
    /// While a wake-with-message IPI carries this message to a port waiter on another CPU: that waiter
    /// (<see cref="LwktThread.WakeWithMessage"/>). Written by the waker, which owns the message until the IPI hands it
    /// over, and cleared by the handler on the waiter's CPU; null otherwise. Kept apart from <see cref="_waiter"/>: the
    /// originator may register as that message's reply waiter while the IPI is in flight.
    /// </summary>
    internal LwktThread? _handTo;

    /// <summary>
    /// Blocks <paramref name="td"/>, the originator, until the reply: its state and blocking point first, then the
    /// <see cref="_waiter"/> entry, so a reply from another CPU that comes before it switched out still finds the
    /// blocking point. Caller: the originator, holding the reply port's lock (spin or serializer port), the message
    /// not done and nobody waiting on it yet.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void BlockOriginator(LwktThread td)
    {
        td.BlockAtNewPoint();
        _waiterVersion = td.WaitVersion;
        Volatile.Write(ref _waiter, td);
    }

    /// <summary>Creates an unsent message: <see cref="MessageFlags.Done"/>, no reply port yet (call <see cref="Init"/>).</summary>
    public Message()
    {
    }

    /// <summary>Creates a message and initialises it (lwkt: lwkt_initmsg).</summary>
    public Message(MessagePort replyPort, MessageFlags options = MessageFlags.None) => Init(replyPort, options);

    /// <summary>The flags now (a snapshot; racy while another owner holds the message).</summary>
    public MessageFlags Flags => (MessageFlags)(Volatile.Read(ref _flags)
        | (Volatile.Read(ref _waiter) is null ? 0 : (int)MessageFlags.Waiting));

    /// <summary>True once replied or completed synchronously, and on an unsent message (lwkt: lwkt_checkmsg).</summary>
    public bool IsDone => (Volatile.Read(ref _flags) & (int)MessageFlags.Done) != 0;

    /// <summary>True for a reply (lwkt: MSGF_REPLY), to tell replies from requests on a port.</summary>
    public bool IsReply => (Volatile.Read(ref _flags) & (int)MessageFlags.Reply) != 0;

    /// <summary>The error the reply carries (lwkt: ms_error); meaningful once <see cref="IsDone"/>.</summary>
    public int Error => _error;

    /// <summary>A result the target may set before replying (lwkt: the u.ms_result union).</summary>
    public long Result { get; set; }

    /// <summary>The port the reply goes to (lwkt: ms_reply_port).</summary>
    public MessagePort? ReplyPort => _replyPort;

    /// <summary>The port the message was last sent or forwarded to (lwkt: ms_target_port).</summary>
    public MessagePort? TargetPort => _targetPort;

    /// <summary>The abort function (lwkt: ms_abortfn), valid with <see cref="MessageFlags.Abortable"/>.</summary>
    public Action<Message>? AbortFunction => _abortFunction;

    /// <summary>
    /// Makes the caller's message ready to send (lwkt: lwkt_initmsg): <see cref="MessageFlags.Done"/> plus
    /// <paramref name="options"/>, replies to <paramref name="replyPort"/>. Nothing else is reset.
    /// </summary>
    /// <param name="replyPort">Where replies go; usually the sender's <see cref="LwktThread.Port"/>.</param>
    /// <param name="options">Only <see cref="MessageFlags.Dropable"/>, <see cref="MessageFlags.Priority"/> and the user
    /// bits; an abortable message is made with <see cref="InitAbortable"/>.</param>
    public void Init(MessagePort replyPort, MessageFlags options = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(replyPort);
        if (((int)options & ~OptionFlags) != 0 || (options & MessageFlags.Abortable) != 0)
        {
            throw new ArgumentException(
                $"Init takes only options (Dropable, Priority, User0-3), not {options}; use InitAbortable for Abortable.",
                nameof(options));
        }

        ThrowIfNotOwned();
        _flags = (int)MessageFlags.Done | (int)options;
        _replyPort = replyPort;
    }

    /// <summary>
    /// As <see cref="Init"/>, and sets <see cref="MessageFlags.Abortable"/> with the function <see cref="Abort"/> calls
    /// (lwkt: lwkt_initmsg_abortable).
    /// </summary>
    public void InitAbortable(MessagePort replyPort, MessageFlags options, Action<Message> abortFunction)
    {
        ArgumentNullException.ThrowIfNull(abortFunction);
        Init(replyPort, options);
        _abortFunction = abortFunction;
        _flags |= (int)MessageFlags.Abortable;
    }

    /// <summary>
    /// Replies to the message (lwkt: lwkt_replymsg). Called exactly once per send, by the target that owns it. A
    /// synchronous (send-and-wait) reply wakes the waiting originator and is never queued; an asynchronous one is
    /// queued on the reply port with Reply|Done|Queued. Afterwards the caller no longer owns the message.
    /// </summary>
    /// <exception cref="InvalidOperationException">The message was not sent, is queued, or was already replied.</exception>
    public void Reply(int error = MessageError.None)
    {
        int flags = _flags;
        if ((flags & (int)(MessageFlags.Done | MessageFlags.Reply | MessageFlags.Queued | MessageFlags.InTransit)) != 0
            && !PlantedBugs.DoubleReply)
        {
            ThrowBadReply(flags);
        }

        _error = error;
        if (LwktEventSource.MessagesOn) LwktEventSource.Log.OnReply(this, error);
        _replyPort!.ReplyPort(this);
    }

    /// <summary>
    /// Waits until the message is replied and returns its error (lwkt: lwkt_waitmsg); a reply already queued on the
    /// reply port is dequeued. The reply port decides who may wait: a thread port only its owner. Await at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The message is dropable, or the caller may not wait on the reply port.</exception>
    public ValueTask<int> WaitAsync()
    {
        if ((_flags & (int)MessageFlags.Dropable) != 0)
        {
            throw new InvalidOperationException("A dropable message cannot be waited on (MSGF_DROPABLE).");
        }

        MessagePort port = _replyPort ?? throw new InvalidOperationException("The message has no reply port; call Init.");
        LwktThread? waiter = port.WaitMessage(this, out int error);
        return waiter is null ? new ValueTask<int>(error) : waiter.ReservedBlockPointWithResult();
    }

    /// <summary>
    /// Asks for the message to be aborted (lwkt: lwkt_abortmsg): if it is abortable and neither done nor being replied,
    /// calls the abort function, inside a critical section; otherwise does nothing. Abort never replies by itself and
    /// never causes a second reply: the abort function typically asks the target, which replies the original once,
    /// early (conventionally with <see cref="MessageError.Aborted"/>) or normally if it had already finished.
    /// </summary>
    /// <returns>True when the abort function was called.</returns>
    public bool Abort()
    {
        int flags = Volatile.Read(ref _flags);
        if ((flags & (int)(MessageFlags.Abortable | MessageFlags.Done | MessageFlags.Reply)) != (int)MessageFlags.Abortable)
        {
            return false;
        }

        CriticalSection.Enter();
        try
        {
            _abortFunction!(this);
        }
        finally
        {
            CriticalSection.Exit();
        }

        return true;
    }

    /// <summary>
    /// Takes a dropable message back off its target port's queue before the target got it (lwkt: lwkt_dropmsg). Only
    /// the target port's owner may drop, and only while the message is queued and not a reply; the message is then
    /// <see cref="MessageFlags.Done"/> (owned by the caller) and never replied. Returns 0, or
    /// <see cref="MessageError.NotFound"/> in every other case.
    /// </summary>
    /// <exception cref="InvalidOperationException">The message is not <see cref="MessageFlags.Dropable"/>.</exception>
    public int Drop()
    {
        if ((Volatile.Read(ref _flags) & (int)MessageFlags.Dropable) == 0)
        {
            throw new InvalidOperationException("Only a message initialised with MessageFlags.Dropable can be dropped.");
        }

        return Volatile.Read(ref _targetPort) is MessagePort port ? port.DropMessage(this) : MessageError.NotFound;
    }

    /// <summary>Throws unless the caller owns the message: done and not queued (the send-side assertion).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfNotOwned()
    {
        int flags = _flags;
        if ((flags & (int)(MessageFlags.Done | MessageFlags.Queued)) != (int)MessageFlags.Done)
        {
            ThrowNotOwned(flags);
        }
    }

    [DoesNotReturn]
    private static void ThrowNotOwned(int flags) => throw new InvalidOperationException(
        $"The message is in flight ({(MessageFlags)flags}): only a Done, unqueued message may be sent or initialised.");

    [DoesNotReturn]
    private static void ThrowBadReply(int flags) => throw new InvalidOperationException(
        (flags & (int)(MessageFlags.Done | MessageFlags.Reply)) != 0
            ? $"The message was already replied or never sent ({(MessageFlags)flags}): reply exactly once per send."
            : $"The message is still queued or in transit ({(MessageFlags)flags}): get it from the port before replying.");
}
