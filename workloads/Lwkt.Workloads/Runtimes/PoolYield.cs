using System.Threading.Tasks.Sources;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// tpl-async's yield: the awaiting method's continuation goes to the back of the current pool thread's queue
/// (<c>preferLocal</c>, where <c>await Task.Yield()</c> puts it), carried by a pooled source that is itself the queued
/// work item, so a yield allocates nothing once each pool thread holds one. The yield is awaited as this source and its
/// version: a <see cref="ValueTask"/> over them, or an <c>RtYield</c> that carries them.
/// </summary>
/// <remarks>
/// One object per yield in flight: <see cref="Start"/> takes the calling pool thread's cached one (or allocates),
/// <see cref="GetResult"/> (the awaiting method, resumed) resets it and caches it on the thread that resumed. Each pool
/// thread caches at most one, so the pool holds at most one per thread that yields. When the work item runs before the
/// awaiting method has registered its continuation (another pool thread took it from this one's queue), the source
/// queues the continuation itself, as a completed <see cref="Task.Yield"/> box would: one more trip through the pool.
/// </remarks>
internal sealed class PoolYield : IValueTaskSource, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static PoolYield? t_cached;

    /// <summary>Completes once the pool runs this work item; its continuation runs there, inline.</summary>
    private ManualResetValueTaskSourceCore<bool> _core;

    /// <summary>
    /// Queues a yield's work item to the calling pool thread's local queue; await the returned source with
    /// <paramref name="token"/> (a <see cref="ValueTask"/> or an <c>RtYield</c> over them), once.
    /// </summary>
    public static PoolYield Start(out short token)
    {
        PoolYield yield = t_cached ?? new PoolYield();
        t_cached = null;
        token = yield._core.Version;
        ThreadPool.UnsafeQueueUserWorkItem(yield, preferLocal: true);
        return yield;
    }

    /// <summary>The pool's turn has come: the awaiting method resumes here (or is queued, if it has not registered yet).</summary>
    void IThreadPoolWorkItem.Execute() => _core.SetResult(true);

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Ends the yield (a stale token throws) and caches the source on the resumed pool thread.</summary>
    public void GetResult(short token)
    {
        _core.GetResult(token);
        _core.Reset();
        t_cached = this;
    }
}
