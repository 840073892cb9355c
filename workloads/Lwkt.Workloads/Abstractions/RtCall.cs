using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// What <see cref="RtPort.CallAsync"/> returns: completed (an OS-thread runtime waited for the reply inside the call), a
/// pending <see cref="IValueTaskSource"/> with its token (tpl-async: the message's reusable completion), or pending on a
/// runtime's <see cref="RtWaiter"/>, which arms the awaiting method's continuation on the blocked caller (lwkt). Await it
/// once, at once, like the runtimes' other results. A waiter spares the awaiting method the <see cref="ValueTask"/>
/// protocol, as <see cref="RtYield"/> does for a yield: three checks whether its object is a <see cref="Task"/> (a cast
/// helper call each, unless dynamic PGO happened to profile the site) and three interface calls to its source per await
/// (perf, pingpong at 1 core on lwkt: the <c>is Task</c> cast helper was a seventh of the worker's samples).
/// </summary>
/// <remarks>
/// Sixteen bytes, one reference, as <see cref="RtYield"/>: the awaiting method keeps the awaiter in its box across the
/// await. The kind and the token are one 4-byte tag at offset 8, which the CPU forwards from the 16-byte copy the resumed
/// method makes of the awaiter (a bool beside a short was read back by a byte load it did not forward: RtYield).
/// </remarks>
public readonly struct RtCall : ICriticalNotifyCompletion
{
    /// <summary>The waiter (<see cref="_tag"/> has <see cref="WaiterBit"/>), else the source (null: completed).</summary>
    private readonly object? _obj;

    /// <summary>The token in the low 16 bits, with <see cref="WaiterBit"/> for a waiter's call.</summary>
    private readonly int _tag;

    /// <summary>Marks a waiter's call: above every 16-bit token.</summary>
    private const int WaiterBit = 1 << 16;

    /// <summary>A call whose caller is blocked at <paramref name="token"/> until the reply; <paramref name="waiter"/> arms its continuation.</summary>
    public RtCall(RtWaiter waiter, short token)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        _obj = waiter;
        _tag = (ushort)token | WaiterBit;
    }

    /// <summary>A call that completes with <paramref name="source"/> at <paramref name="token"/>, which the await consumes.</summary>
    public RtCall(IValueTaskSource source, short token)
    {
        ArgumentNullException.ThrowIfNull(source);
        _obj = source;
        _tag = (ushort)token;
    }

    /// <summary>The awaiter is the value itself.</summary>
    public RtCall GetAwaiter() => this;

    /// <summary>False for a waiter's call (the reply resumes the caller); the source's completion otherwise (<c>default</c> is completed).</summary>
    public bool IsCompleted => (_tag & WaiterBit) == 0 && AsValueTask.IsCompleted;

    /// <summary>Arms <paramref name="continuation"/> to run once the reply came (the caller returns to its scheduler, if any, next).</summary>
    public void UnsafeOnCompleted(Action continuation)
    {
        if ((_tag & WaiterBit) != 0)
        {
            Unsafe.As<RtWaiter>(_obj!).Then((short)_tag, continuation);
        }
        else
        {
            AsValueTask.GetAwaiter().UnsafeOnCompleted(continuation);
        }
    }

    /// <summary>As <see cref="UnsafeOnCompleted"/> (async methods call that one; their continuation runs in their own captured ExecutionContext).</summary>
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <summary>Consumes the source's result, if any; a waiter's call has none (its error, which no workload reads, stays in the message).</summary>
    public void GetResult()
    {
        if ((_tag & WaiterBit) == 0)
        {
            AsValueTask.GetAwaiter().GetResult();
        }
    }

    /// <summary>The source as a ValueTask (continuing on the captured context, as a plain await does); default when completed.</summary>
    private ValueTask AsValueTask => _obj is null ? default : new ValueTask(Unsafe.As<IValueTaskSource>(_obj), (short)_tag);
}
