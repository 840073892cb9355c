using System.Runtime.CompilerServices;
using Lwkt.Runtime;
using Lwkt.Runtime.Messaging;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The <c>lwkt</c> port: the receiving thread's own thread port (lwkt: a server's td_msgport), bound to the first
/// thread that receives. A call is <see cref="MessagePort.SendAndWaitDoneAsync"/> with the caller's own thread port as
/// the reply port (a Sync message: the reply wakes the caller and is never queued); a one-way send replies to a
/// reply-only port, and the receiver completes it on receipt so the workload may send it on (a pipeline stage
/// forwarding its input). Calls and receives allocate nothing per message and resume by an LWKT switch, not a context
/// post (a receive is a <see cref="PortReceiver{TResult}"/>), so a comparison with the other runtimes measures the
/// runtimes, not the adapters.
/// </summary>
/// <remarks>
/// <para>Why a thread port: its state is touched only on the owner's CPU, so a put, a receive and a reply between two
/// threads of one CPU take no lock and no atomic instruction (puts from other CPUs travel by IPI). A spin port, which
/// this replaced, took its spin lock twice per round trip and kept its waiters in a queue of its own.</para>
/// <para>Binding: one thread receives from a port (the abstraction's rule; every workload has one server per port),
/// and it becomes the owner at its first receive. Messages sent before that wait in a spin port; the binding happens
/// under <see cref="_bindLock"/>, which every early sender holds while it checks for the owner and puts, so no sender
/// puts there after the binding, and the owner takes what is there before anything from its own port: per-sender FIFO
/// holds across the switch. A second thread that receives later throws (only a thread port's owner may wait on it).</para>
/// </remarks>
internal sealed class LwktPort : RtPort
{
    /// <summary>Where one-way messages are "replied": it only marks them done.</summary>
    private static readonly MessagePort s_oneWay = MessagePort.CreateReplyOnlyPort();

    /// <summary>Messages sent before the receiver bound the port; put only under <see cref="_bindLock"/>.</summary>
    private readonly MessagePort _early = MessagePort.CreateSpinPort();

    private readonly object _bindLock = new();

    /// <summary>The receiver's thread port once it has bound the port; written once, under <see cref="_bindLock"/>.</summary>
    private MessagePort? _bound;

    /// <summary>Receiver only: receives from <see cref="_bound"/>, made at the binding.</summary>
    private Receiver? _receiver;

    /// <summary>Receiver only: <see cref="_early"/> may still hold messages (none is put there after the binding).</summary>
    private bool _earlyLeft = true;

    /// <summary>A blocking system call: a nanosleep message served by the sysport, off the workers.</summary>
    public static ValueTask NanosleepAsync(TimeSpan duration) => SysPort.NanosleepAsync(duration);

    public override RtMessage NewMessage() => new Carrier();

    public override void Send(RtMessage message)
    {
        var m = (Carrier)message;
        m.OneWay = true;
        InitFor(m.Message, s_oneWay);
        MessagePort? target = Volatile.Read(ref _bound);
        if (target is null)
        {
            lock (_bindLock)
            {
                if (_bound is null)
                {
                    _early.Send(m.Message);
                    return;
                }

                target = _bound;
            }
        }

        target.Send(m.Message);
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
        InitFor(m.Message, LwktThread.Current!.Port);
        MessagePort? target = Volatile.Read(ref _bound);
        if (target is null)
        {
            lock (_bindLock)
            {
                if (_bound is null)
                {
                    // The caller blocks only when the returned ValueTask is awaited, after the lock is left.
                    return _early.SendAndWaitDoneAsync(m.Message);
                }

                target = _bound;
            }
        }

        return target.SendAndWaitDoneAsync(m.Message);
    }

    /// <summary>
    /// Hot path, allocation-free as <see cref="CallAsync"/>: the receiver's own ValueTask of the workload's type, its
    /// continuation registered on the receiving LWKT thread itself.
    /// </summary>
    public override ValueTask<RtMessage> ReceiveAsync()
    {
        Receiver receiver = _receiver ?? Bind();
        if (_earlyLeft && TakeEarly() is RtMessage early)
        {
            return new ValueTask<RtMessage>(early);
        }

        return receiver.ReceiveAsync();
    }

    public override void Reply(RtMessage message) => ((Carrier)message).Message.Reply();

    /// <summary>The first receive: the calling LWKT thread's port becomes this port's target.</summary>
    private Receiver Bind()
    {
        MessagePort own = (LwktThread.Current ?? throw new InvalidOperationException("An lwkt port is received from an LWKT thread.")).Port;
        lock (_bindLock)
        {
            Volatile.Write(ref _bound, own);
        }

        return _receiver = new Receiver(own);
    }

    /// <summary>The next message sent before the binding, or null once there is none left (the receiver's first receives).</summary>
    private Carrier? TakeEarly()
    {
        if (_early.GetPort() is Message early)
        {
            return Take(early);
        }

        _earlyLeft = false;
        return null;
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

    /// <summary>Receives from the bound thread port, completing with the workload's message.</summary>
    private sealed class Receiver(MessagePort port) : PortReceiver<RtMessage>(port)
    {
        protected override RtMessage Received(Message msg) => Take(msg);
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
