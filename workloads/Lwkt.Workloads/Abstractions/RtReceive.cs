using System.Runtime.CompilerServices;

namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// What <see cref="RtPort.ReceiveAsync"/> returns: the message, when one was there, or a pending receive of the port's
/// <see cref="RtReceiver"/>. Await it once, at once. It replaces a <see cref="ValueTask{RtMessage}"/> for the reason
/// <see cref="RtCall"/> gives: no <c>is Task</c> cast helper and no interface call per await, whatever dynamic PGO
/// profiled in the launch.
/// </summary>
/// <remarks>Sixteen bytes, one reference, and one 4-byte tag at offset 8, as <see cref="RtCall"/>.</remarks>
public readonly struct RtReceive : ICriticalNotifyCompletion
{
    /// <summary>The receiver (<see cref="_tag"/> has <see cref="PendingBit"/>), else the message received.</summary>
    private readonly object _obj;

    /// <summary>The token in the low 16 bits, with <see cref="PendingBit"/> for a pending receive.</summary>
    private readonly int _tag;

    /// <summary>Marks a pending receive: above every 16-bit token.</summary>
    private const int PendingBit = 1 << 16;

    /// <summary>A receive that found <paramref name="message"/>.</summary>
    public RtReceive(RtMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _obj = message;
    }

    /// <summary>A receive pending on <paramref name="receiver"/> at <paramref name="token"/>.</summary>
    public RtReceive(RtReceiver receiver, short token)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        _obj = receiver;
        _tag = (ushort)token | PendingBit;
    }

    /// <summary>The awaiter is the value itself.</summary>
    public RtReceive GetAwaiter() => this;

    /// <summary>True when the message was there, else the receiver's answer.</summary>
    public bool IsCompleted => (_tag & PendingBit) == 0 || Unsafe.As<RtReceiver>(_obj).IsCompleted((short)_tag);

    /// <summary>Arms <paramref name="continuation"/> to run once a message came.</summary>
    public void UnsafeOnCompleted(Action continuation) => Unsafe.As<RtReceiver>(_obj).Then((short)_tag, continuation);

    /// <summary>As <see cref="UnsafeOnCompleted"/> (async methods call that one).</summary>
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <summary>The message received.</summary>
    public RtMessage GetResult() => (_tag & PendingBit) != 0 ? Unsafe.As<RtReceiver>(_obj).Take((short)_tag) : Unsafe.As<RtMessage>(_obj);
}
