using System.Diagnostics;

namespace Lwkt.Runtime;

/// <summary>
/// Threads parked on one token (the part of <see cref="Token"/> that goes beyond DragonFly). A FIFO of runnable
/// threads that hold nothing, guarded by a tiny spin lock held for a few instructions. Invariant: the token's
/// <see cref="Token.Waiters"/> bit is set whenever the list is non-empty; it is set and cleared only under the lock.
/// </summary>
internal sealed class TokenWaitList
{
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
        td.TokenWaitNext = null;
        if (_tail is null)
        {
            _head = td;
        }
        else
        {
            _tail.TokenWaitNext = td;
        }

        _tail = td;
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
    /// empty, leaves the gate, then wakes the unlinked thread (outside the gate: waking may send an IPI). Caller: holds
    /// the gate.
    /// </summary>
    private void WakeOldestLocked(Token token, bool take)
    {
        LwktThread? td = take ? _head : null;
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
        td?.WakeFromTokenWait();
    }

    /// <summary>The class invariant, under the gate: the token's Waiters bit is set exactly when the list is non-empty.</summary>
    [Conditional("DEBUG")]
    private void AssertWaitersBit(Token token) =>
        Debug.Assert(
            ((Volatile.Read(ref token._count) & Token.Waiters) != 0) == (_head is not null) && (_head is null) == (_tail is null),
            $"{token}: Waiters bit and waiter list disagree");
}
