using System.Runtime.CompilerServices;
using Lwkt.Runtime;
using Lwkt.Runtime.Messaging;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The <c>lwkt</c> port: an LWKT spin port received from by one thread, the first that receives (the abstraction's
/// rule; a second receiving thread is refused). A call is <see cref="MessagePort.SendAndBlock"/> with the
/// caller's own thread port as the reply port (a Sync message: the reply wakes the caller and is never queued); a
/// one-way send replies to a reply-only port, and the receiver completes it on receipt so the workload may send it on (a
/// pipeline stage forwarding its input). Calls and receives allocate nothing per message and resume by an LWKT switch,
/// not a context post (a receive is a <see cref="PortReceiver{TResult}"/>), and their awaits invoke the awaiting method's
/// continuation directly (<see cref="RtCall"/>, <see cref="RtReceive"/>), so a comparison with the other runtimes
/// measures the runtimes, not the adapters.
/// </summary>
/// <remarks>
/// Why a spin port and not the receiver's thread port, which would spare a same-CPU round trip the spin lock's two
/// compare-and-swaps: the abstraction promises per-sender FIFO, and a thread port keeps it only while neither thread
/// moves. Its puts from another CPU travel by IPI to the CPU the receiver is on at the send; once the receiver or the
/// sender moves (wake affinity, a work request), a later put can reach the queue by another ring, or directly, before
/// an earlier one still in flight (the handler chases a moved receiver with a second IPI). The workloads' `pipeline` at
/// 2 cores, on the thread port, received messages out of order in every run (16–318 violations per cell). A spin
/// port's queue is one queue whatever the CPUs: a put is in it when the send returns.
/// </remarks>
internal sealed class LwktPort : RtPort
{
    /// <summary>Where one-way messages are "replied": it only marks them done.</summary>
    private static readonly MessagePort s_oneWay = MessagePort.CreateReplyOnlyPort();

    private readonly MessagePort _port = MessagePort.CreateSpinPort();

    /// <summary>Receiver only: made at the first receive, for the thread that made it (<see cref="_owner"/>).</summary>
    private Receiver? _receiver;

    /// <summary>The receiving thread: the first that received. Written once, by it.</summary>
    private LwktThread? _owner;

    /// <summary>A blocking system call: a nanosleep message served by the sysport, off the workers.</summary>
    public static ValueTask NanosleepAsync(TimeSpan duration) => SysPort.NanosleepAsync(duration);

    public override RtMessage NewMessage() => new Carrier();

    public override void Send(RtMessage message)
    {
        var m = (Carrier)message;
        m.OneWay = true;
        InitFor(m.Message, s_oneWay);
        _port.Send(m.Message);
    }

    /// <summary>
    /// Hot path, allocation-free: <see cref="MessagePort.SendAndBlock"/>, awaited through <see cref="RtCall"/> on the
    /// runtime's <see cref="Waiter"/> (the call's error, which no workload reads, stays in the message). Through the
    /// runtime's ValueTask instead, each call's await made three <c>is Task</c> checks, a cast helper call each unless
    /// dynamic PGO had profiled the site in that launch, and three interface calls (perf, pingpong lwkt at 1 core: the
    /// helper was a seventh of the worker's samples).
    /// </summary>
    public override RtCall CallAsync(RtMessage message)
    {
        var m = (Carrier)message;
        m.OneWay = false;
        InitFor(m.Message, LwktThread.Current!.Port);
        return _port.SendAndBlock(m.Message, out short token) ? new RtCall(Waiter.Instance, token) : default;
    }

    /// <summary>
    /// Hot path, allocation-free as <see cref="CallAsync"/>: the receiver's <see cref="PortReceiver{TResult}.TryReceive"/>,
    /// awaited through <see cref="RtReceive"/>, its continuation armed on the receiving LWKT thread itself. Only the port's
    /// receiving thread may call it.
    /// </summary>
    public override RtReceive ReceiveAsync()
    {
        if (_owner != LwktThread.Current)
        {
            Bind();
        }

        Receiver receiver = _receiver!;
        return receiver.TryReceive(out RtMessage? message, out short token) ? new RtReceive(message) : new RtReceive(receiver.Pending, token);
    }

    public override void Reply(RtMessage message) => ((Carrier)message).Message.Reply();

    /// <summary>The first receive makes the calling LWKT thread the receiver; another thread's receive throws.</summary>
    private void Bind()
    {
        LwktThread current = LwktThread.Current ?? throw new InvalidOperationException("An lwkt port is received from an LWKT thread.");
        if (_owner is not null)
        {
            throw new InvalidOperationException($"thread {current.Id} receives from a port that thread {_owner.Id} receives from: one receiving thread per port.");
        }

        _receiver = new Receiver(_port);
        _owner = current;
    }

    /// <summary>
    /// Sets the reply port only when it changes (lwkt_initmsg once, then resend): a call after a call keeps its reply
    /// port, and the message is Done again after each reply, so an Init per call would only rewrite the same reference
    /// (a GC write barrier) and recheck the options.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InitFor(Message message, MessagePort replyPort)
    {
        if (message.ReplyPort != replyPort)
        {
            message.Init(replyPort);
        }
    }

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

    /// <summary>Receives from the port, completing with the workload's message.</summary>
    private sealed class Receiver : PortReceiver<RtMessage>
    {
        public Receiver(MessagePort port)
            : base(port) => Pending = new PendingReceive(this);

        /// <summary>The receive while it waits: what <see cref="RtReceive"/> awaits.</summary>
        public PendingReceive Pending { get; }

        protected override RtMessage Received(Message msg) => Take(msg);
    }

    /// <summary>A pending receive: the receiving thread is blocked until a message is handed to it, so never complete before the await.</summary>
    private sealed class PendingReceive(Receiver receiver) : RtReceiver
    {
        public override bool IsCompleted(short token) => false;

        public override void Then(short token, Action continuation) => receiver.ResumeThen(token, continuation);

        public override RtMessage Take(short token) => receiver.TakeResult(token);
    }

    /// <summary>Arms a pending call's continuation on the calling LWKT thread (found from the stack pointer).</summary>
    private sealed class Waiter : RtWaiter
    {
        public static readonly Waiter Instance = new();

        public override void Then(short token, Action continuation) => LwktThread.ResumeCurrentThen(token, continuation);
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
