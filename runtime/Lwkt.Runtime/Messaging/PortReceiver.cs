using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Sources;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A receive from one port (lwkt: lwkt_waitport) that completes with the caller's own type: an adapter whose awaiters
/// want a <see cref="ValueTask{TResult}"/> of something that carries the message derives from it and says how a received
/// message becomes a <typeparamref name="TResult"/>. The await registers the caller's continuation on the waiting LWKT
/// thread itself, so the hand-over resumes it by an ordinary LWKT switch, as <see cref="MessagePort.WaitPortAsync"/>
/// does, with nothing between the two.
/// </summary>
/// <remarks>
/// <para>Why not convert <see cref="MessagePort.WaitPortAsync"/>'s ValueTask: an async method in between resumes by a
/// post to the thread's synchronization context (an allocation and a trip through the CPU's external queue per
/// message), and a forwarding source awaits the inner ValueTask through its own status, completion and result calls:
/// three interface calls, three <c>is Task</c> checks and a trampoline delegate per receive (perf, the workloads'
/// pingpong at 1 core). This source answers them from the waiting thread directly.</para>
/// <para>One receive at a time per receiver, awaited at once by the thread that started it, as every LWKT ValueTask;
/// reused for every receive, so nothing is allocated per message.</para>
/// </remarks>
/// <typeparam name="TResult">What a receive completes with.</typeparam>
public abstract class PortReceiver<TResult> : IValueTaskSource<TResult>
{
    private readonly MessagePort _port;

    /// <summary>The thread blocked in the pending receive (the same thread at every receive, in practice).</summary>
    private LwktThread? _waiter;

    /// <summary>A receiver of <paramref name="port"/>'s messages.</summary>
    protected PortReceiver(MessagePort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        _port = port;
    }

    /// <summary>
    /// Takes the port's next message, waiting for one if none is queued, as <see cref="MessagePort.WaitPortAsync"/>
    /// (the port decides who may wait on it), and completes with <see cref="Received"/> of it. Await the result at once.
    /// </summary>
    public ValueTask<TResult> ReceiveAsync()
    {
        LwktThread? waiter = _port.WaitPort(out Message? msg);
        if (waiter is null)
        {
            return new ValueTask<TResult>(Received(msg!));
        }

        if (!ReferenceEquals(_waiter, waiter))
        {
            // Skips the GC write barrier when the same thread receives again.
            _waiter = waiter;
        }

        return new ValueTask<TResult>(this, (short)waiter.WaitVersion);
    }

    /// <summary>
    /// Starts a receive for a caller that awaits through an awaiter of its own instead of the ValueTask (the workloads'
    /// port): true with the <paramref name="result"/> of a queued message; otherwise false, the caller blocked at blocking
    /// point <paramref name="token"/> until a message is handed to it. The awaiter then arms its continuation with
    /// <see cref="ResumeThen"/> and, once resumed, takes the result with <see cref="TakeResult"/>: no <c>is Task</c> check
    /// and no interface call per receive (<see cref="MessagePort.SendAndBlock"/>).
    /// </summary>
    public bool TryReceive([MaybeNullWhen(false)] out TResult result, out short token)
    {
        LwktThread? waiter = _port.WaitPort(out Message? msg);
        if (waiter is null)
        {
            result = Received(msg!);
            token = 0;
            return true;
        }

        if (!ReferenceEquals(_waiter, waiter))
        {
            _waiter = waiter;
        }

        result = default;
        token = (short)waiter.WaitVersion;
        return false;
    }

    /// <summary>Arms <paramref name="continuation"/> to resume the receive <see cref="TryReceive"/> left pending at <paramref name="token"/>.</summary>
    public void ResumeThen(short token, Action continuation) => _waiter!.ResumeThen(token, continuation);

    /// <summary>The result of the receive <see cref="TryReceive"/> left pending at <paramref name="token"/>, once resumed.</summary>
    public TResult TakeResult(short token) => Received(_waiter!.TakeHandedMessage(token));

    /// <summary>What a receive of <paramref name="msg"/> completes with; runs on the receiving thread.</summary>
    protected abstract TResult Received(Message msg);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _waiter!.GetStatusCore(token);

    void IValueTaskSource<TResult>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _waiter!.OnCompletedCore(continuation, state, token);

    TResult IValueTaskSource<TResult>.GetResult(short token) => Received(_waiter!.TakeHandedMessage(token));
}
