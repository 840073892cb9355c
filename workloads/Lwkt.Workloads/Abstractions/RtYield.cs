using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// What <see cref="WorkloadRuntime.YieldAsync"/> returns: completed (an OS-thread runtime yielded inside the call), a
/// pending <see cref="IValueTaskSource"/> with its token (tpl-async: a pooled source queued to the thread pool), or
/// pending on a runtime's <see cref="RtYielder"/>, which gives the CPU up when the awaiting method registers its
/// continuation and later runs it (lwkt). Await it once, at once, like the runtimes' other results. A yielder spares the
/// awaiting method the <see cref="ValueTask"/> protocol: three checks whether its object is a <see cref="Task"/> and
/// three interface calls to its source per await (perf, yield at 1 core, 2 threads on lwkt: the <c>is Task</c> cast
/// helper alone was a tenth of the worker's samples). tpl-async keeps a source: a yielder there would be handed the
/// awaiting method's continuation as an <see cref="Action"/>, and the pool's public API queues an <see cref="Action"/>
/// only in a new work item per call, an allocation per yield that the source, itself the work item, avoids.
/// </summary>
/// <remarks>
/// Sixteen bytes, one reference: the awaiting method keeps the awaiter in its box across the await, and a 32-byte
/// awaiter of three references (yielder, state, task) cost three GC write barriers there and a copy through the stack
/// that the CPU could not forward from its stores (perf, yield at 1 core, 2 threads on lwkt: the copy was a third of
/// the awaiting method's samples). So the one object is the yielder or the source, told apart by <see cref="_tag"/>.
/// The resumed method copies the awaiter from its box to the stack with one 16-byte store and then reads the tag: the
/// tag is one 4-byte field at offset 8, which the CPU forwards from that store. A token (offset 8) and a bool (offset
/// 10) were read back with a byte load at offset 10, which it did not forward (perf, yield at 1 core, 2 threads on
/// lwkt, AMD EPYC: that load was the awaiting method's hottest instruction, a sixth of its samples).
/// </remarks>
public readonly struct RtYield : ICriticalNotifyCompletion
{
    /// <summary>The yielder (<see cref="_tag"/> is <see cref="YielderTag"/>), else the source (null: completed).</summary>
    private readonly object? _obj;

    /// <summary><see cref="YielderTag"/> for a yielder's yield, else the source's token (0..65535 as unsigned).</summary>
    private readonly int _tag;

    /// <summary>The tag of a yielder's yield: no token, which is 16 bits, has it.</summary>
    private const int YielderTag = -1;

    /// <summary>A pending yield: <paramref name="yielder"/> gives the CPU up (it finds the yielding thread itself).</summary>
    public RtYield(RtYielder yielder)
    {
        ArgumentNullException.ThrowIfNull(yielder);
        _obj = yielder;
        _tag = YielderTag;
    }

    /// <summary>A yield that completes with <paramref name="source"/> at <paramref name="token"/>, which the await consumes.</summary>
    public RtYield(IValueTaskSource source, short token)
    {
        ArgumentNullException.ThrowIfNull(source);
        _obj = source;
        _tag = (ushort)token;
    }

    /// <summary>The awaiter is the value itself.</summary>
    public RtYield GetAwaiter() => this;

    /// <summary>False for a yielder's yield; the source's completion otherwise (<c>default</c> is completed).</summary>
    public bool IsCompleted => _tag != YielderTag && AsValueTask.IsCompleted;

    /// <summary>Gives the CPU up; <paramref name="continuation"/> runs when the yielding thread is scheduled again.</summary>
    public void UnsafeOnCompleted(Action continuation)
    {
        if (_tag == YielderTag)
        {
            Unsafe.As<RtYielder>(_obj!).YieldThen(continuation);
        }
        else
        {
            AsValueTask.GetAwaiter().UnsafeOnCompleted(continuation);
        }
    }

    /// <summary>
    /// As <see cref="UnsafeOnCompleted"/> (async methods call that one): the continuation an async method registers is its
    /// box's <c>MoveNext</c>, which runs in the method's own captured ExecutionContext whoever invokes it.
    /// </summary>
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <summary>Consumes the source's result, if any (a pooled source goes back to its pool here); a yield cannot fail.</summary>
    public void GetResult()
    {
        if (_tag != YielderTag)
        {
            AsValueTask.GetAwaiter().GetResult();
        }
    }

    /// <summary>The source as a ValueTask (continuing on the captured context, as a plain await does); default when completed.</summary>
    private ValueTask AsValueTask => _obj is null ? default : new ValueTask(Unsafe.As<IValueTaskSource>(_obj), (short)_tag);
}
