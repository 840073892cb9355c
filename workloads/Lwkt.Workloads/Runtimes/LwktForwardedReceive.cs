using System.Threading.Tasks.Sources;
using Lwkt.Runtime.Messaging;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// A port receiver's wait (the LWKT <c>ValueTask&lt;Message&gt;</c> of <c>WaitPortAsync</c>) forwarded to the workload
/// as a <c>ValueTask&lt;RtMessage&gt;</c> (<see cref="LwktForwardedWait"/>). One per port: it serves one parked receiver.
/// </summary>
internal sealed class LwktForwardedReceive : LwktForwardedWait, IValueTaskSource<RtMessage>
{
    private readonly Func<Message, RtMessage> _received;
    private ValueTask<Message> _pending;

    /// <summary>A forwarder that turns the received LWKT message into the workload's with <paramref name="received"/>.</summary>
    public LwktForwardedReceive(Func<Message, RtMessage> received) => _received = received;

    /// <summary>Takes over <paramref name="pending"/> (not completed) and returns the workload's view of it.</summary>
    public ValueTask<RtMessage> Forward(ValueTask<Message> pending)
    {
        _pending = pending;
        return new ValueTask<RtMessage>(this, NextToken());
    }

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token) => StatusOf(_pending, token);

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        Register(_pending, continuation, state, token);

    /// <inheritdoc/>
    public RtMessage GetResult(short token) => _received(Take(ref _pending, token));
}
