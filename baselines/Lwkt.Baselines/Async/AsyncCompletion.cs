using System.Threading.Tasks.Sources;

namespace Lwkt.Baselines.Async;

/// <summary>
/// A reusable, allocation-free awaitable one-shot completion (the reply of a tpl-async call): a
/// <see cref="ManualResetValueTaskSourceCore{TResult}"/> in a class the message owns. Continuations run
/// asynchronously (queued to the thread pool), as <c>TaskCreationOptions.RunContinuationsAsynchronously</c>
/// would: the replier does not run the caller's continuation inline on its own thread.
/// </summary>
/// <remarks>
/// Each round: <see cref="Reset"/> by the waiter, then <see cref="Task"/> awaited exactly once, and exactly one
/// <see cref="Set"/> by the replier. The core is a mutable struct in a non-readonly field and is never copied.
/// </remarks>
public sealed class AsyncCompletion : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    /// <summary>The current round's awaitable; await it once.</summary>
    public ValueTask Task => new(this, _core.Version);

    /// <summary>The current round's token: with this source, what <see cref="Task"/> is made of, for an awaiter of the caller's own.</summary>
    public short Token => _core.Version;

    /// <summary>Starts a new round; only between rounds (after the previous <see cref="Task"/> was awaited).</summary>
    public void Reset() => _core.Reset();

    /// <summary>Completes the round and schedules the waiter's continuation.</summary>
    public void Set() => _core.SetResult(true);

    /// <inheritdoc/>
    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    /// <inheritdoc/>
    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc/>
    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
