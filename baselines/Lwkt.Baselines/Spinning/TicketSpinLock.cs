using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lwkt.Baselines.Diagnostics;

namespace Lwkt.Baselines.Spinning;

/// <summary>
/// A ticket lock: the FIFO queue lock of the spin family. A thread takes the next ticket with one atomic
/// increment and waits until the "now serving" number reaches it; the holder's release hands the lock to the
/// oldest waiter. Waiters back off in proportion to their distance from the head (Mellor-Crummey and Scott's
/// proportional backoff) and yield past the <see cref="SpinBackoff"/> bound. Under oversubscription a FIFO
/// spin lock suffers most: a preempted waiter at the head stalls everyone behind it, which the yield softens
/// but cannot remove. Both counters share one padded line (release and acquire touch it anyway); no
/// other hot word shares it.
/// </summary>
public sealed class TicketSpinLock : IExclusiveLock
{
    /// <summary>The <c>lockKind</c> of this lock's <see cref="BaselineEventSource"/> contention events.</summary>
    private const string LockKind = "ticket-spin";

    /// <summary>SpinWait units per waiter ahead of us; capped so a long queue still polls.</summary>
    private const int UnitsPerWaiter = 8;
    private const int MaxUnits = 256;

    private Tickets _tickets;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter()
    {
        int ticket = Interlocked.Increment(ref _tickets.Next) - 1;
        if (Volatile.Read(ref _tickets.Serving) != ticket)
        {
            EnterContended(ticket);
        }
    }

    /// <inheritdoc/>
    public bool TryEnter()
    {
        int serving = Volatile.Read(ref _tickets.Serving);
        return Interlocked.CompareExchange(ref _tickets.Next, serving + 1, serving) == serving;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit() => Volatile.Write(ref _tickets.Serving, _tickets.Serving + 1);

    /// <summary>
    /// Where contention starts and ends: wait for our ticket to be served, spinning in proportion to the
    /// waiters ahead; after <see cref="SpinBackoff.YieldAfter"/> rounds in which the head did not move, yield.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterContended(int ticket)
    {
        using var contention = ContentionScope.Begin(this, LockKind, ContentionMode.Exclusive);
        WaitForTurn(ticket);
    }

    /// <summary>The body of <see cref="EnterContended"/>, between its contention events.</summary>
    private void WaitForTurn(int ticket)
    {
        int stalled = 0;
        int lastServing = Volatile.Read(ref _tickets.Serving);
        int serving;
        while ((serving = Volatile.Read(ref _tickets.Serving)) != ticket)
        {
            stalled = serving == lastServing ? stalled + 1 : 0;
            lastServing = serving;
            if (stalled < SpinBackoff.YieldAfter && SpinPolicy.IsMultiProcessor)
            {
                Thread.SpinWait(Math.Min((ticket - serving) * UnitsPerWaiter, MaxUnits));
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    /// <summary>Both counters in one line with a line of padding before (ticket arithmetic wraps; only differences matter).</summary>
    [StructLayout(LayoutKind.Explicit, Size = (2 * CacheLine.Size) + (2 * sizeof(int)))]
    private struct Tickets
    {
        [FieldOffset(CacheLine.Size)]
        public int Next;

        [FieldOffset(CacheLine.Size + sizeof(int))]
        public int Serving;
    }
}
