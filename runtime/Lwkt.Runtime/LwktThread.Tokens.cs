using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime;

public sealed partial class LwktThread
{
    /// <summary>Most tokens one thread may hold at once (lwkt: LWKT_MAXTOKENS is 32; we allow more).</summary>
    public const int MaxTokens = 64;

    /// <summary>The token stack (lwkt: td_toks_array), from 0 up to <see cref="_tokCount"/>.</summary>
    internal TokenRef[]? _toks;

    /// <summary>Entries on the stack (lwkt: td_toks_stop).</summary>
    internal int _tokCount;

    /// <summary>
    /// Entries actually held (lwkt: td_toks_have). Equal to <see cref="_tokCount"/> while the thread runs, except
    /// while a blocking acquisition is pending (its ref is pushed but not held); 0 while switched out.
    /// </summary>
    internal int _tokHave;

    // The contention state lives in the side object (LwktThread.Rare.cs): a thread that never failed to take its token
    // set has none, and the thread object of a parked thread is 13 bytes smaller. A thread parks on a token only after
    // failing (Contended >= 1 created the side object on its owner CPU), and the waiter list's gate publishes it to the
    // CPUs that link, unlink and wake it, so those never create it.

    /// <summary>Consecutive failures to take the whole set (lwkt: td_contended); 0 without a side object. Caller: the owner CPU.</summary>
    internal int Contended
    {
        get => _rare?.TokenContended ?? 0;
        set
        {
            if (value != 0 || _rare is not null)
            {
                Rare.TokenContended = value;
            }
        }
    }

    /// <summary>Link of a token's waiter list; owned by <see cref="TokenWaitList"/> (under its gate).</summary>
    internal LwktThread? TokenWaitNext
    {
        get => _rare?.TokenWaitNext;
        set => ContendedState.TokenWaitNext = value;
    }

    /// <summary>Woken from a token's waiter list: shared holders pass the wake on once they run.</summary>
    internal bool TokenWoken
    {
        get => _rare?.TokenWoken == true;
        set => ContendedState.TokenWoken = value;
    }

    /// <summary>The side object of a thread that has contended (it exists: see above).</summary>
    private RareState ContendedState
    {
        get
        {
            Debug.Assert(_rare is not null, $"thread {Id}: token wait state used before the thread contended");
            return _rare!;
        }
    }

    /// <summary>Number of token references on the current thread's stack (for assertions and tests).</summary>
    public static int TokensHeld => Self._tokCount;

    /// <summary>True when the current thread holds <paramref name="token"/> in any mode.</summary>
    public static bool Holds(Token token)
    {
        LwktThread td = Self;
        for (int i = 0; i < td._tokHave; i++)
        {
            if (td._toks![i].Token == token)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Acquires <paramref name="token"/> exclusively for the running thread (lwkt: lwkt_gettoken), the uncontended case
    /// first: a word that shows no holder is claimed by its compare-exchange before the running thread is looked up. A
    /// token nobody holds is not held by the running thread either (a running thread holds its whole set), so neither a
    /// recursive hold nor the shared-then-exclusive livelock can apply, and the claim needs nothing from the thread. A
    /// locked instruction waits for every load before it, so the claim no longer waits for the lookup's chain of
    /// dependent loads (the calling CPU, its running thread, the token stack, its slot). Then the thread pushes its ref
    /// and becomes the owner; a caller that is no LWKT thread gives the claim back and throws. Any other word:
    /// <see cref="AcquireToken"/>. Caller: <see cref="Token.AcquireAsync"/>.
    /// </summary>
    internal static ValueTask AcquireExclusiveToken(Token token)
    {
        if (!token.TryClaim())
        {
            return AcquireToken(token, shared: false);
        }

        ClaimantOf(token).PushClaimed(token);
        return default;
    }

    /// <summary>
    /// Acquires <paramref name="token"/> for the running thread (lwkt: lwkt_gettoken[_shared]). Completes at once when
    /// the token is free; otherwise the thread stays runnable holding nothing, and the scheduler resumes it only once
    /// it holds its whole token set again. Rules: a repeat exclusive acquisition is a recursive hold; shared on an
    /// exclusive hold is allowed; shared then exclusive on the same token is a livelock and throws.
    /// </summary>
    internal static ValueTask AcquireToken(Token token, bool shared)
    {
        ArgumentNullException.ThrowIfNull(token);
        LwktThread td = Running;
        // A thread with an empty token stack owns no token (an owner's ref is on its stack), so the owner, which lies on
        // the line the holder writes on its release, is read only by a thread holding tokens: a contended acquisition
        // by a thread holding none would take that line to its CPU just before the holder needs it back.
        if (td._tokCount != 0 && token._ownerId == td.Id)
        {
            td.Push(token, TokenMode.Recursive);
            token.AddHold();
            return default;
        }

        if (shared)
        {
            td.Push(token, TokenMode.Shared);
            return token.TryShared(td._tokHave > 1) ? default : td.AcquireSlow(token, shared: true);
        }

        if (td._tokCount != 0 && td.HoldsShared(token))
        {
            ThrowSharedThenExclusive(token);
        }

        td.Push(token, TokenMode.Exclusive);
        return token.TryExclusive(td, td._tokCount - 1) ? default : td.AcquireSlow(token, shared: false);
    }

    /// <summary>One non-blocking exclusive attempt (lwkt: lwkt_trytoken): pops its ref and counts a collision on failure.</summary>
    internal static bool TryAcquireToken(Token token)
    {
        ArgumentNullException.ThrowIfNull(token);
        // A free token first, as AcquireExclusiveToken does.
        if (token.TryClaim())
        {
            ClaimantOf(token).PushClaimed(token);
            return true;
        }

        LwktThread td = Running;
        if (token._ownerId == td.Id)
        {
            td.Push(token, TokenMode.Recursive);
            token.AddHold();
            return true;
        }

        if (td._tokCount != 0 && td.HoldsShared(token))
        {
            ThrowSharedThenExclusive(token);
        }

        if (token.TryClaim())
        {
            td.PushClaimed(token);
            return true;
        }

        token.CountCollision();
        return false;
    }

    /// <summary>
    /// Releases the top of the token stack, which must be <paramref name="token"/> (lwkt: lwkt_reltoken). An exclusive
    /// first hold on top is recognised from the token's owner and the index of its ref (<see cref="Token._ownerDepth"/>)
    /// against the thread's count, without reading the stack: two dependent loads (the array, its slot) fewer before the
    /// releasing fetch-add, which waits for every load before it. Any other top: <see cref="ReleaseTop"/>.
    /// </summary>
    internal static void ReleaseToken(Token token)
    {
        LwktThread td = Running;
        int top = td._tokCount - 1;
        if (token.IsOwnedAt(td.Id, top))
        {
            Debug.Assert(td._toks![top].Token == token && td._toks[top].Mode == TokenMode.Exclusive, $"{token}: owner depth {top} names another ref");
            Invariants.HoldsTokenSet(td);
            td._tokCount = top;
            td._tokHave = top;
            token.ReleaseExclusive();
            return;
        }

        td.ReleaseTop(token, top);
    }

    /// <summary>
    /// The release of any other top: a shared or recursive ref of <paramref name="token"/>, or no ref of it (an illegal
    /// release: throws). Checks the entry itself, so it also releases an exclusive first hold correctly.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReleaseTop(Token token, int top)
    {
        if (top < 0)
        {
            ThrowIllegalRelease(token);
        }

        // One load of the array for both the test and the mode (indexing twice reloaded _toks and checked the bounds
        // again: the throw between them may change the field, as far as the JIT knows), and no bounds check: the stack
        // holds _tokCount entries, so its top is below the array's length.
        Debug.Assert(_toks is not null && top < _toks.Length, $"thread {Id}: token stack top {top} outside its array");
        ref TokenRef r = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_toks!), top);
        if (r.Token != token)
        {
            ThrowIllegalRelease(token);
        }

        // The entry above the stack top is left as it is: clearing it would cost a store, and Push overwrites it (a
        // stale reference only keeps a token object alive a little longer; exit clears the array).
        TokenMode mode = r.Mode;
        Invariants.HoldsTokenSet(this);
        _tokCount = top;
        _tokHave = top;
        if (mode == TokenMode.Exclusive)
        {
            Debug.Assert(token._ownerId == Id, $"{token}: released exclusively by thread {Id}, owned by {token._ownerId}");
            token.ReleaseExclusive();
        }
        else
        {
            token.ReleaseCount();
        }
    }

    /// <summary>
    /// The running thread, as <see cref="Self"/> returns it, found from the stack pointer (<see cref="VirtualCpu.Calling"/>:
    /// the table of live workers' stack windows, then that CPU's running thread), the thread-static read only off the
    /// workers' stacks. Its loads do not start from the token, so they run beside the token's own (the adapter's field,
    /// then the word or the owner): from the token's last holder CPU, as before, the release's chain was the token, its
    /// CPU, that CPU's thread, the thread's count, one after another before the fetch-add.
    /// </summary>
    private static LwktThread Running
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => VirtualCpu.Calling?.CurrentThread ?? ThrowNotInThread();
    }

    /// <summary>
    /// The running thread, found as <see cref="Running"/> finds it, for a token the caller has just claimed
    /// (<see cref="Token.TryClaim"/>); a caller that is no LWKT thread gives the claim back before it throws.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static LwktThread ClaimantOf(Token token)
    {
        LwktThread? td = VirtualCpu.Calling?.CurrentThread;
        if (td is null)
        {
            token.Unclaim();
            ThrowNotInThread();
        }

        return td;
    }

    /// <summary>
    /// Pushes the exclusive first hold of a token this thread has just claimed and makes it the owner. A full stack
    /// gives the claim back before it throws, so a failed acquisition holds nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushClaimed(Token token)
    {
        Push(token, TokenMode.Exclusive, claimed: token);
        token.SetOwner(this, _tokCount - 1);
    }

    /// <summary>
    /// Pushes a ref (lwkt: the tokref of _lwkt_gettokref). <paramref name="claimed"/>: a token the caller has claimed
    /// already, given back if the stack is full.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(Token token, TokenMode mode, Token? claimed = null)
    {
        TokenRef[]? toks = _toks;
        int n = _tokCount;
        if (toks is null || (uint)n >= (uint)toks.Length)
        {
            toks = GrowTokens(claimed);
        }

        // n is below the length now (GrowTokens returns a longer array): the slot is read without a second bounds check,
        // which the tier-1 code made after the one above.
        Debug.Assert((uint)n < (uint)toks.Length, $"thread {Id}: token stack of {toks.Length} pushed at {n}");
        ref TokenRef r = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(toks), n);
        if (r.Token != token)
        {
            // Skips the GC write barrier when the slot already names this token: a loop taking the same token.
            r.Token = token;
        }

        r.Mode = mode;
        _tokCount = n + 1;
        _tokHave = n + 1;
    }

    // The throws live out of line: an interpolated message inline puts a zeroed string builder in the caller's frame,
    // paid on every uncontended acquire and release.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSharedThenExclusive(Token token) => throw new InvalidOperationException(
        $"Shared-then-exclusive acquisition of {token} by one thread (DragonFly: 's/x livelock').");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIllegalRelease(Token token) => throw new InvalidOperationException(
        $"Illegal release of {token}: tokens are released in LIFO order (lwkt_reltoken: illegal release).");

    private TokenRef[] GrowTokens(Token? claimed)
    {
        if (_tokCount >= MaxTokens)
        {
            claimed?.Unclaim();
            throw new InvalidOperationException($"An LWKT thread may hold at most {MaxTokens} tokens at once.");
        }

        var bigger = new TokenRef[_toks is null ? 4 : _toks.Length * 2];
        _toks?.AsSpan(0, _tokCount).CopyTo(bigger);
        _toks = bigger;
        return bigger;
    }

    private bool HoldsShared(Token token)
    {
        for (int i = 0; i < _tokCount; i++)
        {
            if (_toks![i].Token == token && _toks[i].Mode == TokenMode.Shared)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The contended path: spin briefly (<see cref="LwktRuntimeOptions.TokenSpin"/>: a holder on another CPU usually
    /// leaves soon), then switch out with the new
    /// ref pending (lwkt: td_toks_have = td_toks_stop - 1), staying runnable; the scheduler takes the whole set.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask AcquireSlow(Token token, bool shared)
    {
        bool holdsOthers = _tokCount > 1;
        // A deterministic run interleaves every CPU on one OS thread: the holder cannot run while we spin.
        if (!_cpu.Runtime.IsDeterministic && SpinFor(token, shared, holdsOthers))
        {
            return default;
        }

        token.CountCollision();
        if (LwktEventSource.TokensOn) LwktEventSource.Log.OnTokenWait(this, token, shared);
        if (!shared)
        {
            token.SetExclusiveRequest();
        }

        Invariants.IsRunning(this);
        _tokHave = _tokCount - 1;
        _state = ThreadState.Runnable;
        _cpu.EnqueueLocal(this);
        return BlockPoint();
    }

    /// <summary>Polls between two clock reads in <see cref="SpinFor"/> when it takes the token as soon as it is free.</summary>
    private const int PollsPerClockRead = 32;

    /// <summary>Spin hints between two polls of a waiter that leaves the token to its CPU's batch (<see cref="TokenBatching"/>).</summary>
    internal const int BatchPollHints = 16;

    /// <summary>
    /// Polls <see cref="BatchPollHints"/> apart that a waiter leaving batches makes before it polls one hint apart, as a
    /// waiter that alternates does, for the rest of its spin: the bound of a batch.
    /// </summary>
    internal const int BatchPolls = 8;

    /// <summary>
    /// The spin of a contended acquisition: polls the token's word until <see cref="LwktRuntimeOptions.TokenSpin"/> has
    /// passed; true when the token was taken. A shared waiter polls with plain reads and attempts the interlocked take
    /// only when a read shows it could succeed; an exclusive waiter on two CPUs polls with the compare-exchange
    /// itself (<see cref="Token.TryExclusiveWithoutRead"/>: one line transfer each way per hand-over, where a read then a
    /// compare-exchange moved the line twice after the release), on more CPUs it reads first
    /// (<see cref="LwktRuntime.TokenPollsByExchange"/>). The clock is read once every few
    /// polls, not at each (<see cref="PollsPerClockRead"/>): a poll of <c>Thread.SpinWait(1)</c> plus a clock read,
    /// as before, took 150–300 ns on the development VM (docs/cross-cpu.md, the idle loop's polls).
    /// <para>An exclusive waiter that holds no other token spins in the mode its token's <see cref="TokenBatching"/>
    /// measured to pay. Alternating: polls one <see cref="SpinHint"/> apart, taking the token as soon as it is free (the
    /// holders alternate between CPUs). Batches: first <see cref="BatchPolls"/> polls <see cref="BatchPollHints"/> hints
    /// apart, taking the token only if a poll finds it free (the holder's CPU keeps it for the holds between two polls,
    /// each poll costing it one line transfer), then the alternating spin. That bounds a batch: a waiter on another CPU
    /// takes the token at the first release after its slow polls, the same as an alternating waiter (and one that
    /// spins out parks, where a release hands it the token after a bounded number of failures: <see cref="TokenWaitList"/>).
    /// A waiter holding other tokens alternates: it must not keep them long while it waits.</para>
    /// </summary>
    private bool SpinFor(Token token, bool shared, bool holdsOthers)
    {
        long now = Stopwatch.GetTimestamp();
        TokenBatching? batching = shared || holdsOthers ? null : token.Batching(now);
        batching?.Tick(token, now);
        int slowPolls = batching is not null && batching.Batches ? BatchPolls : 0;
        for (int i = 0; i < slowPolls; i++)
        {
            for (int h = 0; h < BatchPollHints; h++)
            {
                SpinHint.Once();
            }

            if (token.TryExclusive(this, _tokCount - 1))
            {
                return true;
            }
        }

        if (slowPolls != 0)
        {
            now = Stopwatch.GetTimestamp();
            batching!.Tick(token, now);
        }

        long deadline = now + _cpu.Runtime.TokenSpinTicks;
        bool byExchange = _cpu.Runtime.TokenPollsByExchange;
        int polls = 0;
        while (true)
        {
            SpinHint.Once();

            // A shared attempt reads the word first and issues its interlocked operation only on a word it can take; an
            // exclusive one, on two CPUs, is the compare-exchange alone, which leaves the word's line here until the
            // holder's release (LwktRuntime.TokenPollsByExchange).
            if (shared ? token.TryShared(holdsOthers)
                : byExchange ? token.TryExclusiveWithoutRead(this, _tokCount - 1) : token.TryExclusive(this, _tokCount - 1))
            {
                return true;
            }

            if (++polls % PollsPerClockRead == 0)
            {
                now = Stopwatch.GetTimestamp();
                batching?.Tick(token, now);
                if (now >= deadline)
                {
                    return false;
                }
            }
        }
    }

    /// <summary>
    /// Takes every token on the stack, all or nothing (lwkt: lwkt_getalltokens). With <paramref name="sorted"/>, in
    /// token-id order (a stable sort keeps a recursive hold after its first hold). Returns -1 on success, else the
    /// stack index of the token that could not be taken, with everything released again.
    /// Caller: the owning CPU's scheduler, before resuming the thread.
    /// </summary>
    internal int TakeAllTokens(bool sorted)
    {
        Invariants.OnOwnerCpu(this);
        Invariants.HoldsNoToken(this);
        int n = _tokCount;
        Span<byte> order = stackalloc byte[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = (byte)i;
        }

        if (sorted)
        {
            for (int i = 1; i < n; i++)
            {
                byte key = order[i];
                int id = _toks![key].Token.Id;
                int j = i - 1;
                while (j >= 0 && _toks[order[j]].Token.Id > id)
                {
                    order[j + 1] = order[j];
                    j--;
                }

                order[j + 1] = key;
            }
        }

        for (int k = 0; k < n; k++)
        {
            ref TokenRef r = ref _toks![order[k]];
            bool ok = r.Mode switch
            {
                // A failed attempt may find the token handed to this thread while it was parked (TokenWaitList).
                TokenMode.Exclusive => r.Token.TryExclusive(this, order[k]) || r.Token.IsHandedTo(this),
                TokenMode.Shared => r.Token.TryShared(holdsOthers: k > 0),
                _ => AddRecursive(r.Token),
            };

            if (!ok)
            {
                for (int u = k - 1; u >= 0; u--)
                {
                    ReleaseRef(ref _toks[order[u]]);
                }

                return order[k];
            }
        }

        _tokHave = n;
        return -1;

        bool AddRecursive(Token token)
        {
            // A recursive ref sits above the first exclusive hold of the same token, which the stable order took first.
            Debug.Assert(token._ownerId == Id, $"{token}: recursive hold by thread {Id} without the exclusive hold");
            token.AddHold();
            return true;
        }
    }

    /// <summary>
    /// True when this parked thread asks for <paramref name="token"/> alone, exclusively: a hand-off candidate (a
    /// handed token is all it needs to run, so it never holds one while it waits for another). Caller: the token's
    /// waiter list, under its gate, while the thread is parked and its stack does not change.
    /// </summary>
    internal bool WaitsForOnlyExclusive(Token token) =>
        _tokCount == 1 && _toks![0].Token == token && _toks[0].Mode == TokenMode.Exclusive;

    /// <summary>Releases every held ref, leaving the stack intact (lwkt: lwkt_relalltokens). Caller: the scheduler.</summary>
    internal void ReleaseAllTokens()
    {
        Invariants.OnOwnerCpu(this);
        Debug.Assert(_tokHave <= _tokCount, $"thread {Id} holds {_tokHave} refs of a stack of {_tokCount}");
        for (int i = _tokHave - 1; i >= 0; i--)
        {
            ReleaseRef(ref _toks![i]);
        }

        _tokHave = 0;
    }

    /// <summary>At exit every token still on the stack is released and the stack emptied (docs/lwkt-semantics.md invariant 7).</summary>
    private void ReleaseAllTokensOnExit()
    {
        ReleaseAllTokens();
        if (_toks is not null)
        {
            Array.Clear(_toks);
        }

        _tokCount = 0;
    }

    private void ReleaseRef(ref TokenRef r)
    {
        if (r.Mode == TokenMode.Exclusive)
        {
            Debug.Assert(r.Token._ownerId == Id, $"{r.Token}: released exclusively by thread {Id}, owned by {r.Token._ownerId}");
            r.Token.ReleaseExclusive();
        }
        else
        {
            r.Token.ReleaseCount();
        }
    }

    /// <summary>
    /// After an attempt by a thread woken from a waiter list, whatever its outcome: it is no longer the wake in flight
    /// of the token it was parked on (<see cref="TokenWaitList.Retried"/>; which one is not kept, so every token of the
    /// stack is told). Caller: the owning CPU's scheduler, before it parks the thread again or passes its wake on.
    /// </summary>
    internal void TokenWakeRetried()
    {
        for (int i = 0; i < _tokCount; i++)
        {
            _toks![i].Token.WakeRetried(this);
        }
    }

    /// <summary>After a successful take by a thread woken from a waiter list: let the next shared waiter try too.</summary>
    internal void PassTokenWakeOn()
    {
        TokenWoken = false;
        for (int i = 0; i < _tokCount; i++)
        {
            if (_toks![i].Mode == TokenMode.Shared)
            {
                _toks[i].Token.WakeNextIfWaiting();
            }
        }
    }

    /// <summary>
    /// Wakes a thread parked on a token's waiter list, to run next on its CPU (<see cref="VirtualCpu.MakeRunnableFirst"/>);
    /// <paramref name="handed"/>: the token is its own already, and its CPU's running thread is asked to switch.
    /// Any worker may call it.
    /// </summary>
    internal void WakeFromTokenWait(bool handed)
    {
        TokenWoken = true;
        VirtualCpu? mine = VirtualCpu.Current;
        VirtualCpu owner = Volatile.Read(ref _cpu);
        if (mine == owner)
        {
            owner.MakeRunnableFirst(this, handed);
        }
        else if (mine is not null)
        {
            mine.SendIpi(owner, s_tokenWake, this, handed ? 1 : 0);
        }
        else
        {
            owner.SendExternal(s_tokenWake, this, handed ? 1 : 0);
        }
    }

    private static readonly Action<object?, long> s_tokenWake = static (arg, handed) =>
    {
        var td = (LwktThread)arg!;
        if (td._state == ThreadState.TokenWait)
        {
            td._cpu.MakeRunnableFirst(td, handed != 0);
        }
    };
}
