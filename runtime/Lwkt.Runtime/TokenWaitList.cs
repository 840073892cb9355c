using System.Diagnostics;

namespace Lwkt.Runtime;

/// <summary>
/// Threads parked on one token (the part of <see cref="Token"/> that goes beyond DragonFly). A FIFO of runnable
/// threads that hold nothing, guarded by a tiny spin lock held for a few instructions. Invariant: the token's
/// <see cref="Token.Waiters"/> bit is set whenever the list is non-empty; it is set and cleared only under the lock.
/// </summary>
/// <remarks>
/// Bounded overtaking (Go's sync.Mutex starvation mode, counted in failures instead of time): a woken waiter that
/// fails again goes back to the head, not the tail, so the oldest waiter stays the oldest; once it has failed
/// <see cref="StarveAfterFailures"/> times in a row, and if this token is the only one it asks for (exclusively), the
/// next release hands it the token directly (the token stays
/// held, owned by the waiter, while its wake travels) instead of letting the releaser, or any running thread, take it
/// back first. docs/cross-cpu.md, "Contended tokens between CPUs".
/// </remarks>
internal sealed class TokenWaitList
{
    /// <summary>
    /// Consecutive failures (<see cref="LwktThread.Contended"/>: the polls before parking, then one per wake) after
    /// which the head waiter is handed the token. Three polls park a thread, so a waiter gets three wakes it may lose
    /// before the hand-off. Lower hands off sooner: every hand-off leaves the token held, unused, for one wake's trip
    /// (an IPI, microseconds).
    /// </summary>
    internal const int StarveAfterFailures = 6;

    private SpinGate _gate;
    private LwktThread? _head;
    private LwktThread? _tail;

    /// <summary>
    /// Appends <paramref name="td"/> unless the token frees up first. Setting the bit, then trying once more, under
    /// the lock closes the race with a releaser: either it sees the bit and wakes someone, or we see the free token.
    /// </summary>
    public bool Park(Token token, LwktThread td, bool shared)
    {
        Invariants.OnOwnerCpu(td);
        Invariants.HoldsNoToken(td);
        _gate.Enter();
        Interlocked.Or(ref token._count, Token.Waiters);
        bool nobodyHolds = token.HasNoHolders;
        if (nobodyHolds || token.LooksFree(shared))
        {
            // Free, or held by nobody yet closed to us (a lone shared request behind a pending exclusive request):
            // do not park — no release would ever wake us — and hand the chance to the oldest waiter, which may be
            // the exclusive requester everyone else defers to.
            WakeOldestLocked(token, nobodyHolds);
            return false;
        }

        td._state = ThreadState.TokenWait;
        if (_head is null)
        {
            td.TokenWaitNext = null;
            _head = td;
            _tail = td;
        }
        else if (td.TokenWoken)
        {
            // Woken from a waiter list and failed again (a running thread took the token first): back to the head,
            // keeping its age, so its failures add up towards the hand-off (Go: queueLifo for a waiter that waited).
            td.TokenWaitNext = _head;
            _head = td;
        }
        else
        {
            td.TokenWaitNext = null;
            _tail!.TokenWaitNext = td;
            _tail = td;
        }

        AssertWaitersBit(token);
        _gate.Exit();
        return true;
    }

    /// <summary>Wakes the oldest waiter (it retries its whole token set). Any worker may call it.</summary>
    public void WakeOne(Token token)
    {
        _gate.Enter();
        WakeOldestLocked(token, true);
    }

    /// <summary>
    /// Unlinks the oldest waiter when <paramref name="take"/> is set, clears the token's waiters bit once the list is
    /// empty, leaves the gate, then wakes the unlinked thread (outside the gate: waking may send an IPI). A starving
    /// waiter is first handed the token; when a running thread took it between the release and here, the waiter stays
    /// parked at the head, and that thread's release comes back here (the Waiters bit is still set). Caller: holds
    /// the gate.
    /// </summary>
    private void WakeOldestLocked(Token token, bool take)
    {
        LwktThread? td = take ? _head : null;
        bool handed = false;
        if (td is not null && td.Contended >= StarveAfterFailures && td.WaitsForOnlyExclusive(token))
        {
            if (!token.TryHandTo(td))
            {
                AssertWaitersBit(token);
                _gate.Exit();
                return;
            }

            handed = true;
        }

        if (td is not null)
        {
            _head = td.TokenWaitNext;
            td.TokenWaitNext = null;
            if (_head is null)
            {
                _tail = null;
            }
        }

        if (_head is null)
        {
            Interlocked.And(ref token._count, ~Token.Waiters);
        }

        AssertWaitersBit(token);
        _gate.Exit();
        td?.WakeFromTokenWait(handed);
    }

    /// <summary>The class invariant, under the gate: the token's Waiters bit is set exactly when the list is non-empty.</summary>
    [Conditional("DEBUG")]
    private void AssertWaitersBit(Token token) =>
        Debug.Assert(
            ((Volatile.Read(ref token._count) & Token.Waiters) != 0) == (_head is not null) && (_head is null) == (_tail is null),
            $"{token}: Waiters bit and waiter list disagree");
}
