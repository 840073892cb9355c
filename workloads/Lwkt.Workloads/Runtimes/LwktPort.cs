using System.Runtime.CompilerServices;
using Lwkt.Runtime;
using Lwkt.Runtime.Messaging;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The <c>lwkt</c> port: an LWKT spin port (any thread may wait on it, as the abstraction allows several receivers).
/// A call is <see cref="MessagePort.SendAndWaitAsync"/> with the caller's own thread port as the reply port (a Sync
/// message: the reply wakes the caller and is never queued); a one-way send replies to a reply-only port, and the
/// receiver completes it on receipt so the workload may send it on (a pipeline stage forwarding its input). Calls and
/// receives allocate nothing per message (the tpl-async port's pooled builders are matched), so a comparison of the
/// two measures the runtimes, not the adapters.
/// </summary>
internal sealed class LwktPort : RtPort
{
    /// <summary>Where one-way messages are "replied": it only marks them done.</summary>
    private static readonly MessagePort s_oneWay = MessagePort.CreateReplyOnlyPort();

    private readonly MessagePort _port = MessagePort.CreateSpinPort();

    /// <summary>A blocking system call: a nanosleep message served by the sysport, off the workers.</summary>
    public static ValueTask NanosleepAsync(TimeSpan duration) => SysPort.NanosleepAsync(duration);

    public override RtMessage NewMessage() => new Carrier();

    public override void Send(RtMessage message)
    {
        var m = (Carrier)message;
        m.OneWay = true;
        m.Message.Init(s_oneWay);
        _port.Send(m.Message);
    }

    /// <summary>
    /// Hot path, allocation-free: the runtime's own ValueTask is passed on when the reply already came, and awaited
    /// in a pooled state machine otherwise.
    /// </summary>
    public override ValueTask CallAsync(RtMessage message)
    {
        var m = (Carrier)message;
        m.OneWay = false;
        m.Message.Init(LwktThread.Current!.Port);
        ValueTask<int> reply = _port.SendAndWaitAsync(m.Message);
        if (reply.IsCompletedSuccessfully)
        {
            _ = reply.Result;
            return default;
        }

        return AwaitReplyAsync(reply);
    }

    /// <summary>Hot path, allocation-free as <see cref="CallAsync"/>.</summary>
    public override ValueTask<RtMessage> ReceiveAsync()
    {
        ValueTask<Message> next = _port.WaitPortAsync();
        return next.IsCompletedSuccessfully ? new ValueTask<RtMessage>(Take(next.Result)) : ReceiveSlowAsync(next);
    }

    public override void Reply(RtMessage message) => ((Carrier)message).Message.Reply();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitReplyAsync(ValueTask<int> reply) => await reply;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<RtMessage> ReceiveSlowAsync(ValueTask<Message> next) => Take(await next);

    /// <summary>The workload message a received LWKT message carries; a one-way message is completed on receipt.</summary>
    private static Carrier Take(Message received)
    {
        var msg = (CarrierMessage)received;
        if (msg.Owner.OneWay)
        {
            msg.Reply();
        }

        return msg.Owner;
    }

    /// <summary>The workload's message, carrying its LWKT message.</summary>
    private sealed class Carrier : RtMessage
    {
        public Carrier() => Message = new CarrierMessage(this);

        public CarrierMessage Message { get; }

        public bool OneWay { get; set; }
    }

    /// <summary>An LWKT message that knows the workload message it carries.</summary>
    private sealed class CarrierMessage(Carrier owner) : Message
    {
        public Carrier Owner { get; } = owner;
    }
}
