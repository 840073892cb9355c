namespace Lwkt.Workloads.Abstractions;

// Public fields on purpose: workloads update the payload in their hot loops and may pass them by ref.
#pragma warning disable CA1051
/// <summary>
/// A message as the workloads see it. Created by the port's runtime (<see cref="RtPort.NewMessage"/>) so each
/// runtime can carry its own completion state; the payload fields belong to the workload.
/// </summary>
public abstract class RtMessage
{
    /// <summary>Workload data: a value the receiver transforms or checks.</summary>
    public long Payload;

    /// <summary>Workload data: a sequence number for ordering and delivery checks.</summary>
    public long Sequence;

    /// <summary>Workload data: the sending thread's index.</summary>
    public int From;
}
#pragma warning restore CA1051

/// <summary>
/// A port: any thread sends; one thread receives, the same one for the port's life (a server: an LWKT thread port,
/// a Monitor queue, a futex-woken queue, a spin-guarded queue, a <c>Channel</c>). Delivery is FIFO per sender.
/// </summary>
public abstract class RtPort
{
    /// <summary>Creates a message usable with this port (and any port of the same runtime).</summary>
    public abstract RtMessage NewMessage();

    /// <summary>Sends one-way: the receiver gets it from <see cref="ReceiveAsync"/>; no reply is expected.</summary>
    public abstract void Send(RtMessage message);

    /// <summary>Sends and waits until the receiver calls <see cref="Reply"/> on the message (lwkt: domsg). Await it at once.</summary>
    public abstract RtCall CallAsync(RtMessage message);

    /// <summary>Waits for the next message. Only the port's one receiving thread calls it, one receive at a time; await it at once.</summary>
    public abstract RtReceive ReceiveAsync();

    /// <summary>Completes a message received through <see cref="CallAsync"/>, waking its sender exactly once.</summary>
    public abstract void Reply(RtMessage message);
}
