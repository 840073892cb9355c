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
/// Only the owning CPU's worker touches it: no locks, no atomics. Links are intrusive (fields of the thread), so
/// enqueue, dequeue and removal of an arbitrary thread are O(1) and allocate nothing.
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
        LwktThread? tail = _tails[pri];
        td._runNext = null;
        td._runPrev = tail;
        if (tail is null)
        {
            _heads[pri] = td;
            _mask |= 1u << pri;
        }
        else
        {
            tail._runNext = td;
        }

        _tails[pri] = td;
        Account(td, pri);
    }

    /// <summary>
    /// Puts <paramref name="td"/> at the head of its priority level: it runs before the threads already queued there
    /// (a thread woken from a token's waiter list: <see cref="VirtualCpu.MakeRunnableFirst"/>).
    /// </summary>
    public void EnqueueHead(LwktThread td)
    {
        int pri = Claim(td);
        LwktThread? head = _heads[pri];
        td._runPrev = null;
        td._runNext = head;
        if (head is null)
        {
            _tails[pri] = td;
            _mask |= 1u << pri;
        }
        else
        {
            head._runPrev = td;
        }

        _heads[pri] = td;
        Account(td, pri);
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
        Debug.Assert(td._onRunQueue && td._runPrev is null, $"thread {td.Id} at the head of level {pri} is not linked as a head");
        LwktThread? next = td._runNext;
        _heads[pri] = next;
        if (next is null)
        {
            _tails[pri] = null;
            _mask = mask & ~(1u << pri);
        }
        else
        {
            next._runPrev = null;
        }

        td._runNext = null;
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
        Debug.Assert(td._runPrev is not null || _heads[pri] == td, $"thread {td.Id} is not on level {pri}: its priority changed while queued");
        LwktThread? prev = td._runPrev;
        LwktThread? next = td._runNext;
        if (prev is null)
        {
            _heads[pri] = next;
        }
        else
        {
            prev._runNext = next;
        }

        if (next is null)
        {
            _tails[pri] = prev;
        }
        else
        {
            next._runPrev = prev;
        }

        if (_heads[pri] is null)
        {
            _mask &= ~(1u << pri);
        }

        td._runNext = null;
        td._runPrev = null;
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
            for (LwktThread? td = _tails[pri]; td is not null; td = td._runPrev)
            {
                if (td.IsMovable)
                {
                    return td;
                }
            }

            mask &= mask - 1;
        }

        return null;
    }

    /// <summary>Level <paramref name="pri"/> is consistent: head and tail both set or both empty, as its mask bit says.</summary>
    [Conditional("DEBUG")]
    private readonly void AssertLevel(int pri) =>
        Debug.Assert(
            (_heads[pri] is null) == (_tails[pri] is null) && (_heads[pri] is null) == ((_mask & (1u << pri)) == 0)
            && _count >= 0 && (uint)_movable <= (uint)_count,
            $"run queue level {pri}: head, tail and mask bit disagree (count {_count}, movable {_movable})");

    [InlineArray(Priority.Levels)]
    private struct Levels
    {
        private LwktThread? _element;
    }
}
