using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lwkt.Runtime;

/// <summary>
/// A virtual CPU's run queue: 32 FIFO lists, one per priority, and a bitmap of the non-empty levels
/// (lwkt 2003: gd_tdrunq[32] + gd_runqmask). Picking is a bit scan of the mask; within a level threads leave from
/// the head and a yielding thread re-enters at the tail, which is round robin.
/// </summary>
/// <remarks>
/// <para>Only the owning CPU's worker touches it: no locks, no atomics. Links are intrusive (fields of the thread), so
/// enqueue, dequeue and removal of an arbitrary thread are O(1) and allocate nothing.</para>
/// <para>Links are valid only inside a non-empty level, between its head and its tail: every queued thread but the tail
/// names the next in <see cref="LwktThread._runNext"/>, every one but the head the previous in
/// <see cref="LwktThread._runPrev"/>. The head's previous, the tail's next, the links of a thread off the queue, and the
/// head and tail of an empty level (its mask bit clear) are stale: left as they were, never read. A link is stored only
/// when it changes (<see cref="Link"/>): threads that yield in turn at one level are linked in the same order every
/// round, so a yield stores only the level's tail and head, two GC write barriers where clearing and relinking cost
/// four (perf, yield at 1 core, 2 threads: the write barriers were a seventh of the worker's samples). A stale link
/// keeps its thread reachable: the scheduler clears an exiting thread's links (<see cref="LwktThread.ClearRunLinks"/>),
/// so a stale link names an exited thread at most, never a chain of them.</para>
/// </remarks>
internal struct RunQueue
{
    private uint _mask;
    private int _count;
    private int _movable;
    private Levels _heads;
    private Levels _tails;

    /// <summary>Number of queued threads.</summary>
    public readonly int Count => _count;

    /// <summary>
    /// Number of queued threads a work request may move (<see cref="LwktThread.IsMovable"/>): what the CPU publishes to
    /// idle CPUs, so a queue of pinned or wake-affine threads does not call them to pull what it will not give.
    /// </summary>
    public readonly int MovableCount => _movable;

    /// <summary>The highest non-empty level, or -1.</summary>
    public readonly int HighestPriority => _mask == 0 ? -1 : 31 - BitOperations.LeadingZeroCount(_mask);

    /// <summary>True when no thread is queued.</summary>
    public readonly bool IsEmpty => _mask == 0;

    /// <summary>Appends <paramref name="td"/> at the tail of its priority level.</summary>
    public void Enqueue(LwktThread td)
    {
        int pri = Claim(td);
        uint bit = 1u << pri;
        if ((_mask & bit) == 0)
        {
            Link(ref _heads[pri], td);
            _mask |= bit;
        }
        else
        {
            LwktThread tail = _tails[pri]!;
            Link(ref td._runPrev, tail);
            Link(ref tail._runNext, td);
        }

        Link(ref _tails[pri], td);
        Account(td, pri);
    }

    /// <summary>
    /// Puts <paramref name="td"/> at the head of its priority level: it runs before the threads already queued there
    /// (a thread woken from a token's waiter list: <see cref="VirtualCpu.MakeRunnableFirst"/>).
    /// </summary>
    public void EnqueueHead(LwktThread td)
    {
        int pri = Claim(td);
        uint bit = 1u << pri;
        if ((_mask & bit) == 0)
        {
            Link(ref _tails[pri], td);
            _mask |= bit;
        }
        else
        {
            LwktThread head = _heads[pri]!;
            Link(ref td._runNext, head);
            Link(ref head._runPrev, td);
        }

        Link(ref _heads[pri], td);
        Account(td, pri);
    }

    /// <summary>
    /// Stores <paramref name="value"/> in the link <paramref name="slot"/> unless it is there already: the store of a
    /// reference costs a GC write barrier, the comparison does not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Link(ref LwktThread? slot, LwktThread value)
    {
        if (!ReferenceEquals(slot, value))
        {
            slot = value;
        }
    }

    /// <summary>An enqueue's start: marks <paramref name="td"/> queued (twice is a bug) and returns its level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Claim(LwktThread td)
    {
        if (td._onRunQueue)
        {
            ThrowEnqueuedTwice(td);
        }

        td._onRunQueue = true;
        return td.PriorityLevel;
    }

    /// <summary>An enqueue's end, once <paramref name="td"/> is linked into level <paramref name="pri"/>: the counts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Account(LwktThread td, int pri)
    {
        _count++;
        _movable += td.IsMovable ? 1 : 0;
        AssertLevel(pri);
    }

    /// <summary>Out of line: an interpolated message inline would put a zeroed string builder in every enqueue's frame.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowEnqueuedTwice(LwktThread td) =>
        throw new InvalidOperationException($"thread {td.Id} enqueued twice (state {td._state}, cpu {td._cpu.Id})");

    /// <summary>Removes and returns the head of the highest non-empty level, or null.</summary>
    public LwktThread? Dequeue()
    {
        uint mask = _mask;
        if (mask == 0)
        {
            return null;
        }

        int pri = 31 - BitOperations.LeadingZeroCount(mask);
        LwktThread td = _heads[pri]!;
        Debug.Assert(td._onRunQueue && td.PriorityLevel == pri, $"thread {td.Id} at the head of level {pri} is not queued there");
        if (td == _tails[pri])
        {
            _mask = mask & ~(1u << pri);
        }
        else
        {
            Link(ref _heads[pri], td._runNext!);
        }

        td._onRunQueue = false;
        _count--;
        _movable -= td.IsMovable ? 1 : 0;
        AssertLevel(pri);
        return td;
    }

    /// <summary>Unlinks a queued thread from anywhere in the queue (migration, priority change).</summary>
    public void Remove(LwktThread td)
    {
        int pri = td.PriorityLevel;
        Debug.Assert(td._onRunQueue, $"thread {td.Id} removed from a run queue it is not on");
        Debug.Assert((_mask & (1u << pri)) != 0, $"thread {td.Id} is not on level {pri}: its priority changed while queued");
        LwktThread head = _heads[pri]!;
        LwktThread tail = _tails[pri]!;
        if (td == head)
        {
            if (td == tail)
            {
                _mask &= ~(1u << pri);
            }
            else
            {
                Link(ref _heads[pri], td._runNext!);
            }
        }
        else if (td == tail)
        {
            Link(ref _tails[pri], td._runPrev!);
        }
        else
        {
            LwktThread prev = td._runPrev!;
            LwktThread next = td._runNext!;
            Link(ref prev._runNext, next);
            Link(ref next._runPrev, prev);
        }

        td._onRunQueue = false;
        _count--;
        _movable -= td.IsMovable ? 1 : 0;
        AssertLevel(pri);
    }

    /// <summary>
    /// The most recently queued thread of the lowest non-empty level that is movable (neither pinned nor wake-affine):
    /// what a work request gives away first.
    /// </summary>
    public readonly LwktThread? PeekMigratable()
    {
        uint mask = _mask;
        while (mask != 0)
        {
            int pri = BitOperations.TrailingZeroCount(mask);
            LwktThread head = _heads[pri]!;
            for (LwktThread td = _tails[pri]!; ; td = td._runPrev!)
            {
                if (td.IsMovable)
                {
                    return td;
                }

                if (td == head)
                {
                    break;
                }
            }

            mask &= mask - 1;
        }

        return null;
    }

    /// <summary>
    /// Level <paramref name="pri"/> is consistent: when its mask bit is set, its head and tail are queued threads of
    /// that level, and the counts are in range.
    /// </summary>
    [Conditional("DEBUG")]
    private readonly void AssertLevel(int pri) =>
        Debug.Assert(
            ((_mask & (1u << pri)) == 0
                || (_heads[pri] is { _onRunQueue: true } head && head.PriorityLevel == pri
                    && _tails[pri] is { _onRunQueue: true } tail && tail.PriorityLevel == pri))
            && _count >= 0 && (uint)_movable <= (uint)_count,
            $"run queue level {pri}: mask bit set without a queued head and tail there (count {_count}, movable {_movable})");

    [InlineArray(Priority.Levels)]
    private struct Levels
    {
        private LwktThread? _element;
    }
}
