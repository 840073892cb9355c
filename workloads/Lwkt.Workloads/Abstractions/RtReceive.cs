using System.Runtime.CompilerServices;

namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// What <see cref="RtPort.ReceiveAsync"/> returns: the message, when one was there, or a pending receive of the port's
/// <see cref="RtReceiver"/>. Await it once, at once. It replaces a <see cref="ValueTask{RtMessage}"/> for the reason
/// <see cref="RtCall"/> gives: no <c>is Task</c> cast helper and no interface call per await, whatever dynamic PGO
/// profiled in the launch.
/// </summary>
/// <remarks>Sixteen bytes, one reference, as <see cref="RtCall"/>.</remarks>
public readonly struct RtReceive : ICriticalNotifyCompletion
{
    /// <summary>The receiver (<see cref="_pending"/>), else the message received.</summary>
    private readonly object _obj;
    private readonly short _token;
    private readonly bool _pending;

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
        _token = token;
        _pending = true;
    }

    /// <summary>The awaiter is the value itself.</summary>
    public RtReceive GetAwaiter() => this;

    /// <summary>True when the message was there, else the receiver's answer.</summary>
    public bool IsCompleted => !_pending || Unsafe.As<RtReceiver>(_obj).IsCompleted(_token);

    /// <summary>Arms <paramref name="continuation"/> to run once a message came.</summary>
    public void UnsafeOnCompleted(Action continuation) => Unsafe.As<RtReceiver>(_obj).Then(_token, continuation);

    /// <summary>As <see cref="UnsafeOnCompleted"/> (async methods call that one).</summary>
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <summary>The message received.</summary>
    public RtMessage GetResult() => _pending ? Unsafe.As<RtReceiver>(_obj).Take(_token) : Unsafe.As<RtMessage>(_obj);
}
