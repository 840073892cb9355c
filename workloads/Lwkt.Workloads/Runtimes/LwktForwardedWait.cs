using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// Hands the await of a pending LWKT wait (a ValueTask whose source is the waiting LWKT thread) to the workload as a
/// ValueTask of the abstraction's type, without an async method in between: the workload's continuation is registered
/// on the LWKT thread itself, so the reply resumes it by an ordinary LWKT switch. This base keeps the workload's
/// continuation and the token; <see cref="LwktForwardedReceive"/> (a port's next message) holds the LWKT wait itself. A
/// call's reply needs none: <see cref="Lwkt.Runtime.Messaging.MessagePort.SendAndWaitDoneAsync"/> returns the thread's
/// own ValueTask of the abstraction's type.
/// </summary>
/// <remarks>
/// <para>Why not an async wrapper: inside an LWKT thread the thread is the <see cref="SynchronizationContext"/>,
/// and the box of any async method (pooled or not) resumes its awaiter by posting to that context — an allocation
/// and a trip through the CPU's external queue per message (measured: about 200 bytes and a multiple of the
/// runtime's own round trip). The LWKT thread's source ignores the context flags and resumes on its own CPU.</para>
/// <para>Why a sealed subclass rather than a generic forwarder: the receive's types are classes (<c>Message</c>,
/// <c>RtMessage</c>), so a generic one ran as shared <c>__Canon</c> code, whose every touch of the pending
/// <c>ValueTask&lt;Message&gt;</c> looks its type up at run time (a perf profile of pingpong at 1 core: 18 % of the
/// worker's samples in the shared forwarder, against 4 % with exact types). The sealed subclass names its types, so
/// the JIT inlines the ValueTask's members with exact types.</para>
/// <para>Owner: one waiter at a time (a message's caller, a port's receiver), awaiting at once on the LWKT thread
/// that started the wait, as every LWKT ValueTask requires. Reused for every wait: nothing is allocated per call.</para>
/// </remarks>
internal abstract class LwktForwardedWait
{
    private Action<object?>? _continuation;
    private object? _state;
    private short _version;

    /// <summary>Registered on the LWKT wait: runs the workload's continuation (<see cref="Resume"/>), created once.</summary>
    private readonly Action _resume;

    protected LwktForwardedWait() => _resume = Resume;

    /// <summary>The token of the next forwarded wait.</summary>
    protected short NextToken() => ++_version;

    /// <summary>The workload's view of the status of <paramref name="pending"/>, the LWKT wait forwarded as <paramref name="token"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected ValueTaskSourceStatus StatusOf<T>(in ValueTask<T> pending, short token)
    {
        CheckToken(token);
        return pending.IsCompleted ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Pending;
    }

    /// <summary>
    /// Keeps the workload's continuation and registers its resumption on <paramref name="pending"/>; the context flags are
    /// ignored, as LWKT does. The same waiter registers the same box and state at every wait: a reference already in
    /// place is not stored again (two GC write barriers a wait; <see cref="Resume"/> leaves them in place for that
    /// reason). Inlined into the sealed subclasses, so <typeparamref name="T"/> is exact there, never shared code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void Register<T>(in ValueTask<T> pending, Action<object?> continuation, object? state, short token)
    {
        CheckToken(token);
        if (!ReferenceEquals(_continuation, continuation))
        {
            _continuation = continuation;
        }

        if (!ReferenceEquals(_state, state))
        {
            _state = state;
        }

        pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resume);
    }

    /// <summary>Ends the wait forwarded as <paramref name="token"/>: the LWKT wait's result, <paramref name="pending"/> cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected T Take<T>(ref ValueTask<T> pending, short token)
    {
        CheckToken(token);
        ValueTask<T> taken = pending;
        pending = default;
        return taken.GetAwaiter().GetResult();
    }

    private void CheckToken(short token)
    {
        if (token != _version)
        {
            ThrowStaleToken();
        }
    }

    private static void ThrowStaleToken() =>
        throw new InvalidOperationException("A forwarded LWKT wait was awaited twice or after it was reused; await each result once.");

    /// <summary>Runs the registered continuation once per wait: the LWKT wait it was registered on completes once.</summary>
    private void Resume() => _continuation!(_state);
}
