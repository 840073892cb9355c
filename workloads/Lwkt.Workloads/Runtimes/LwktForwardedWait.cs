using System.Threading.Tasks.Sources;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// Hands the await of a pending LWKT wait (a <see cref="ValueTask{TResult}"/> whose source is the waiting LWKT thread)
/// to the workload as a ValueTask of the abstraction's type, without an async method in between: the workload's
/// continuation is registered on the LWKT thread itself, so the reply resumes it by an ordinary LWKT switch.
/// </summary>
/// <remarks>
/// <para>Why not an async wrapper: inside an LWKT thread the thread is the <see cref="SynchronizationContext"/>,
/// and the box of any async method (pooled or not) resumes its awaiter by posting to that context — an allocation
/// and a trip through the CPU's external queue per message (measured: about 200 bytes and a multiple of the
/// runtime's own round trip). The LWKT thread's source ignores the context flags and resumes on its own CPU.</para>
/// <para>Owner: one waiter at a time (a message's caller, a port's receiver), awaiting at once on the LWKT thread
/// that started the wait, as every LWKT ValueTask requires. Reused for every wait: nothing is allocated per call.</para>
/// </remarks>
/// <typeparam name="TInner">The LWKT wait's result.</typeparam>
/// <typeparam name="TOuter">The result the workload sees.</typeparam>
internal sealed class LwktForwardedWait<TInner, TOuter> : IValueTaskSource<TOuter>, IValueTaskSource
{
    private readonly Func<TInner, TOuter> _result;
    private readonly Action _resume;
    private ValueTask<TInner> _pending;
    private Action<object?>? _continuation;
    private object? _state;
    private short _version;

    /// <summary>Creates a reusable forwarder that turns the LWKT result into the workload's with <paramref name="result"/>.</summary>
    public LwktForwardedWait(Func<TInner, TOuter> result)
    {
        _result = result;
        _resume = Resume;
    }

    /// <summary>Takes over <paramref name="pending"/> (not completed) and returns the workload's view of it.</summary>
    public ValueTask<TOuter> Forward(ValueTask<TInner> pending)
    {
        _pending = pending;
        return new ValueTask<TOuter>(this, ++_version);
    }

    /// <summary>As <see cref="Forward"/>, for a workload API without a result.</summary>
    public ValueTask ForwardWithoutResult(ValueTask<TInner> pending)
    {
        _pending = pending;
        return new ValueTask(this, ++_version);
    }

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token)
    {
        CheckToken(token);
        return _pending.IsCompleted ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Pending;
    }

    /// <summary>Registers the workload's continuation on the LWKT wait; the context flags are ignored, as LWKT does.</summary>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        CheckToken(token);

        // The same waiter registers the same box and state at every wait: a reference already in place is not stored
        // again (two GC write barriers a wait; Resume leaves them in place for that reason).
        if (!ReferenceEquals(_continuation, continuation))
        {
            _continuation = continuation;
        }

        if (!ReferenceEquals(_state, state))
        {
            _state = state;
        }

        _pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resume);
    }

    /// <inheritdoc/>
    public TOuter GetResult(short token)
    {
        CheckToken(token);
        ValueTask<TInner> pending = _pending;
        _pending = default;
        return _result(pending.GetAwaiter().GetResult());
    }

    /// <inheritdoc/>
    void IValueTaskSource.GetResult(short token) => GetResult(token);

    /// <summary>Runs the registered continuation once per wait: the LWKT wait it was registered on completes once.</summary>
    private void Resume() => _continuation!(_state);

    private void CheckToken(short token)
    {
        if (token != _version)
        {
            throw new InvalidOperationException("A forwarded LWKT wait was awaited twice or after it was reused; await each result once.");
        }
    }
}
