using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// <c>async-floor</c>'s scheduler: a FIFO ring of continuations run by one OS thread. A yield puts the awaiting method's
/// continuation at the tail (<see cref="YieldThen"/>); the loop invokes the head. That is round robin, as a yield on
/// <c>lwkt</c>'s run queue at one priority, with nothing else: no thread objects, no current thread, no checks.
/// </summary>
/// <remarks>
/// The ring is an array of a power-of-two length that grows when a push finds it full, so any number of threads
/// fits. A slot is a plain array store (a GC write barrier: what a queue of continuations costs any .NET runtime) and
/// is not cleared when taken: the ring keeps at most one stale continuation per slot, until the runtime is dropped.
/// Caller: only the floor's OS thread touches the ring (the yield workload's threads run there and nowhere else). A yield
/// from another OS thread is not detected: finding the calling thread would cost the floor a thread-static read per
/// yield, which is no part of a yield's necessary work (<c>lwkt</c> finds it from the stack pointer).
/// </remarks>
internal sealed class FloorScheduler : RtYielder
{
    /// <summary>The ring's first length: the lead's bare measurement used 16 slots; two yielding threads use two.</summary>
    private const int InitialSlots = 16;

    private Action[] _ring = new Action[InitialSlots];
    private int _head;
    private int _tail;

    /// <summary>Continuations queued and not yet run.</summary>
    public int Queued => _tail - _head;

    /// <summary>Puts <paramref name="continuation"/> at the ring's tail; the loop runs it after those queued before it.</summary>
    public override void YieldThen(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Action[] ring = _ring;
        if (_tail - _head == ring.Length)
        {
            ring = Grow();
        }

        int tail = _tail;
        ring[tail & (ring.Length - 1)] = continuation;
        _tail = tail + 1;
    }

    /// <summary>
    /// Starts <paramref name="threads"/> bodies on the calling OS thread, each running until its first yield, then runs
    /// the ring until it is empty. A body's exception (thrown, or its task's) goes to <paramref name="failure"/>. A body
    /// still unfinished when the ring is empty awaited something other than this scheduler's yield: that is recorded as
    /// a failure, not waited for (nothing would resume it).
    /// </summary>
    public void RunAll(int threads, Func<int, ValueTask> body, FirstFailure failure)
    {
        // Each body's ValueTask is kept and consumed exactly once, below, after the ring has run dry.
        var tasks = new ValueTask[threads];
        for (int i = 0; i < threads; i++)
        {
#pragma warning disable CA2012
            tasks[i] = Start(body, i, failure);
#pragma warning restore CA2012
        }

        while (_head != _tail)
        {
            Action next = _ring[_head & (_ring.Length - 1)];
            _head++;
            next();
        }

        foreach (ValueTask task in tasks)
        {
            if (!task.IsCompleted)
            {
                failure.Record(new InvalidOperationException(
                    $"{AsyncFloorWorkloadRuntime.RuntimeName}: a thread awaited something other than the floor's yield, which nothing here resumes"));
                continue;
            }

            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                failure.Record(e);
            }
        }
    }

    private static ValueTask Start(Func<int, ValueTask> body, int index, FirstFailure failure)
    {
        try
        {
            return body(index);
        }
        catch (Exception e)
        {
            failure.Record(e);
            return default;
        }
    }

    /// <summary>Doubles the full ring, its queued continuations first in order.</summary>
    private Action[] Grow()
    {
        Action[] old = _ring;
        var ring = new Action[old.Length * 2];
        for (int i = 0; i < old.Length; i++)
        {
            ring[i] = old[(_head + i) & (old.Length - 1)];
        }

        _tail -= _head;
        _head = 0;
        _ring = ring;
        return ring;
    }
}
