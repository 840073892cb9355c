using System.Runtime.CompilerServices;
using Lwkt.Runtime;
using Lwkt.Runtime.Messaging;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The <c>lwkt</c> port: an LWKT spin port (any thread may wait on it, as the abstraction allows several receivers).
/// A call is <see cref="MessagePort.SendAndWaitDoneAsync"/> with the caller's own thread port as the reply port (a Sync
/// message: the reply wakes the caller and is never queued); a one-way send replies to a reply-only port, and the
/// receiver completes it on receipt so the workload may send it on (a pipeline stage forwarding its input). Calls and
/// receives allocate nothing per message and resume by an LWKT switch, not a context post (see
/// <see cref="LwktForwardedWait"/>), so a comparison with the other runtimes measures the runtimes, not
/// the adapters.
/// </summary>
internal sealed class LwktPort : RtPort
{
    /// <summary>Where one-way messages are "replied": it only marks them done.</summary>
    private static readonly MessagePort s_oneWay = MessagePort.CreateReplyOnlyPort();

    private readonly MessagePort _port = MessagePort.CreateSpinPort();
    private readonly LwktForwardedReceive _receive;
    private int _receiving;

    public LwktPort() => _receive = new LwktForwardedReceive(Received);

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
    /// Hot path, allocation-free: the runtime's own ValueTask, returned as is (the call's error, which no workload
    /// reads, stays in the message). A forwarder between the caller's thread and the workload, which this replaced, cost
    /// three more interface calls and three more <c>is Task</c> checks per call (perf, pingpong lwkt at 1 core).
    /// </summary>
    public override ValueTask CallAsync(RtMessage message)
    {
        var m = (Carrier)message;
        m.OneWay = false;
        m.Message.Init(LwktThread.Current!.Port);
        return _port.SendAndWaitDoneAsync(m.Message);
    }

    /// <summary>
    /// Hot path, allocation-free as <see cref="CallAsync"/>; the port's forwarder serves one parked receiver, a
    /// second concurrent one (no workload has one) awaits in a pooled state machine.
    /// </summary>
    public override ValueTask<RtMessage> ReceiveAsync()
    {
        ValueTask<Message> next = _port.WaitPortAsync();
        if (next.IsCompletedSuccessfully)
        {
            return new ValueTask<RtMessage>(Take(next.Result));
        }

        return Interlocked.Exchange(ref _receiving, 1) == 0 ? _receive.Forward(next) : ReceiveSlowAsync(next);
    }

    public override void Reply(RtMessage message) => ((Carrier)message).Message.Reply();

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

    /// <summary>The forwarded receive ends: the port's forwarder is free for the next receiver.</summary>
    private RtMessage Received(Message received)
    {
        Volatile.Write(ref _receiving, 0);
        return Take(received);
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
