using System.Runtime.CompilerServices;

namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// What <see cref="WorkloadRuntime.YieldAsync"/> returns: completed (an OS-thread runtime yielded inside the call), a
/// <see cref="ValueTask"/> (tpl-async: its pooled <c>await Task.Yield()</c>), or pending on a runtime's
/// <see cref="RtYielder"/>, which gives the CPU up when the awaiting method registers its continuation and later runs
/// it (lwkt). Await it once, at once, like the runtimes' other results. A yielder spares the awaiting method the
/// <see cref="ValueTask"/> protocol: three checks whether its object is a <see cref="Task"/> and three interface calls
/// to its source per await (perf, yield at 1 core, 2 threads on lwkt: the <c>is Task</c> cast helper alone was a tenth
/// of the worker's samples). tpl-async keeps its <see cref="ValueTask"/>: a yielder there would queue an
/// <see cref="Action"/> to the pool, an allocation per yield that the pooled method's box avoids.
/// </summary>
public readonly struct RtYield : ICriticalNotifyCompletion
{
    private readonly RtYielder? _yielder;
    private readonly object? _state;
    private readonly ValueTask _task;

    /// <summary>A pending yield: <paramref name="yielder"/> gives the CPU up, with <paramref name="state"/> (the yielding thread, say).</summary>
    public RtYield(RtYielder yielder, object? state)
    {
        ArgumentNullException.ThrowIfNull(yielder);
        _yielder = yielder;
        _state = state;
    }

    /// <summary>A yield that completes with <paramref name="task"/>, which the await consumes.</summary>
    public RtYield(ValueTask task)
    {
        _task = task;
    }

    /// <summary>The awaiter is the value itself.</summary>
    public RtYield GetAwaiter() => this;

    /// <summary>False for a yielder's yield; a task's completion otherwise (<c>default</c> is completed).</summary>
    public bool IsCompleted => _yielder is null && _task.IsCompleted;

    /// <summary>Gives the CPU up; <paramref name="continuation"/> runs when the yielding thread is scheduled again.</summary>
    public void UnsafeOnCompleted(Action continuation)
    {
        if (_yielder is not null)
        {
            _yielder.YieldThen(_state, continuation);
        }
        else
        {
            _task.GetAwaiter().UnsafeOnCompleted(continuation);
        }
    }

    /// <summary>
    /// As <see cref="UnsafeOnCompleted"/> (async methods call that one): the continuation an async method registers is its
    /// box's <c>MoveNext</c>, which runs in the method's own captured ExecutionContext whoever invokes it.
    /// </summary>
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <summary>Consumes the task's result, if any (a pooled task goes back to its pool here); a yield cannot fail.</summary>
    public void GetResult()
    {
        if (_yielder is null)
        {
            _task.GetAwaiter().GetResult();
        }
    }
}
