namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A port that only takes replies (lwkt: lwkt_initport_replyonly and replyonly_null): for messages whose originator
/// polls <see cref="Message.IsDone"/> or wants a callback. Reply marks the message Done|Reply (published with a
/// release write, so a poller on another thread sees the result) and then calls the function.
/// </summary>
internal sealed class ReplyOnlyPort : MessagePort
{
    private readonly Action<Message>? _onReply;

    public ReplyOnlyPort(Action<Message>? onReply) => _onReply = onReply;

    internal override void ReplyPort(Message msg)
    {
        int flags = (msg._flags & ~(int)MessageFlags.InTransit) | (int)(MessageFlags.Done | MessageFlags.Reply);
        Volatile.Write(ref msg._flags, flags);
        _onReply?.Invoke(msg);
    }

    /// <summary>A message already done needs no wait; waiting for one still in flight is unsupported here.</summary>
    internal override LwktThread? WaitMessage(Message msg, out int error)
    {
        if ((Volatile.Read(ref msg._flags) & (int)MessageFlags.Done) == 0)
        {
            ThrowUnsupported<int>("waiting (poll Message.IsDone, or use a thread or spin reply port)");
        }

        error = msg._error;
        return null;
    }

    internal override int PutPort(Message msg) => ThrowUnsupported<int>("puts (it is a reply-only port)");

    internal override Message? GetPortCore() => ThrowUnsupported<Message?>("getting messages (it is a reply-only port)");

    internal override LwktThread? WaitPort(out Message? msg)
    {
        msg = null;
        return ThrowUnsupported<LwktThread?>("waiting (it is a reply-only port)");
    }

    internal override int DropMessage(Message msg) => MessageError.NotFound;
}
