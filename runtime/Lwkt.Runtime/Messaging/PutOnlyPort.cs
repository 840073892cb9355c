namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A port whose put is a function run on the sender's thread (lwkt: lwkt_initport_putonly): it completes the message
/// at once by returning an error number, or keeps it, returns <see cref="MessageError.Async"/> and replies later.
/// The sysport is one.
/// </summary>
internal sealed class PutOnlyPort : MessagePort
{
    private readonly Func<Message, int> _onPut;

    public PutOnlyPort(Func<Message, int> onPut) => _onPut = onPut;

    internal override int PutPort(Message msg)
    {
        msg._targetPort = this;
        msg._flags &= ~(int)MessageFlags.InTransit;
        return _onPut(msg);
    }

    internal override void ReplyPort(Message msg) => ThrowUnsupported<int>("replies (it is a put-only port)");

    internal override Message? GetPortCore() => ThrowUnsupported<Message?>("getting messages (it is a put-only port)");

    internal override LwktThread? WaitPort(out Message? msg)
    {
        msg = null;
        return ThrowUnsupported<LwktThread?>("waiting (it is a put-only port)");
    }

    internal override LwktThread? WaitMessage(Message msg, out int error)
    {
        error = ThrowUnsupported<int>("waiting (it is a put-only port)");
        return null;
    }

    internal override int DropMessage(Message msg) => MessageError.NotFound;
}
