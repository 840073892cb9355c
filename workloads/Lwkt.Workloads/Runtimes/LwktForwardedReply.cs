using System.Threading.Tasks.Sources;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// A call's reply wait (the LWKT <c>ValueTask&lt;int&gt;</c> of <c>SendAndWaitAsync</c>) forwarded to the workload as a
/// result-less ValueTask (<see cref="LwktForwardedWait"/>). One per message: a message has one caller at a time.
/// </summary>
internal sealed class LwktForwardedReply : LwktForwardedWait, IValueTaskSource
{
    private ValueTask<int> _pending;

    /// <summary>Takes over <paramref name="pending"/> (not completed) and returns the workload's view of it.</summary>
    public ValueTask Forward(ValueTask<int> pending)
    {
        _pending = pending;
        return new ValueTask(this, NextToken());
    }

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token) => StatusOf(_pending, token);

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        Register(_pending, continuation, state, token);

    /// <summary>Ends the wait; the reply's error code is not the workload's concern (its calls have no result).</summary>
    public void GetResult(short token) => _ = Take(ref _pending, token);
}
