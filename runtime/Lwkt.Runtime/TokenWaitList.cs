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

    /// <summary>
    /// The waiter woken last that has not yet retried its token set, or null (Go: mutexWoken). While it is set a release
    /// wakes nobody: the woken thread is on its way and will take the token or park again. Written under the gate when
    /// a wake is sent; cleared by that thread when it retries (<see cref="Retried"/>), before it parks again.
    /// </summary>
    private LwktThread? _woken;
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
        if (Volatile.Read(ref _woken) is not null)
        {
            return;
        }

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
        LwktThread? td = take && _woken is null ? _head : null;
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

            _woken = td;
        }

        if (_head is null)
        {
            Interlocked.And(ref token._count, ~Token.Waiters);
        }

        AssertWaitersBit(token);
        _gate.Exit();
        td?.WakeFromTokenWait(handed);
    }

    /// <summary>
    /// <paramref name="td"/>, woken from this list, has retried its token set (taken it, or about to park or poll
    /// again): releases wake the next waiter again. Caller: <paramref name="td"/>'s scheduler, right after the attempt
    /// and before any <see cref="Park"/>. No wake is lost: the mark is cleared before the park's fenced Or and its read of
    /// the token word, and a release writes the word (a fenced fetch-add) before it reads the mark, so either the
    /// release sees no wake in flight and wakes the head, or the parking thread sees the token free and does not park.
    /// </summary>
    public void Retried(LwktThread td)
    {
        if (Volatile.Read(ref _woken) == td)
        {
            Volatile.Write(ref _woken, null);
        }
    }

    /// <summary>Threads parked on the list now (a walk under the gate: for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            _gate.Enter();
            int n = 0;
            for (LwktThread? td = _head; td is not null; td = td.TokenWaitNext)
            {
                n++;
            }

            _gate.Exit();
            return n;
        }
    }

    /// <summary>The class invariant, under the gate: the token's Waiters bit is set exactly when the list is non-empty.</summary>
    [Conditional("DEBUG")]
    private void AssertWaitersBit(Token token) =>
        Debug.Assert(
            ((Volatile.Read(ref token._count) & Token.Waiters) != 0) == (_head is not null) && (_head is null) == (_tail is null),
            $"{token}: Waiters bit and waiter list disagree");
}
