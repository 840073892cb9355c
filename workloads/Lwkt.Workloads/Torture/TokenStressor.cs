using System.Globalization;
using Lwkt.Runtime;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// LWKT tokens used directly (lwkt only), for the invariants the abstraction cannot see (docs/lwkt-semantics.md invariants 7-12): two tokens
/// taken in either order (never a deadlock), sometimes one recursively (invariant 10), or one shared; then a block of every
/// kind while holding them — yield, timed sleep, sleep queue with a randomly timed wakeup, migration to another CPU,
/// join, and (real time only) a sysport call and a foreign await. After every block the thread must hold every token
/// again, in its mode, as owner (invariant 8); the data may have changed meanwhile and is revalidated (invariant 9). Now and then a
/// thread dies holding a token, which must be released at its exit and its exception surfaced to the joiner (invariant 7).
/// </summary>
internal sealed class TokenStressor : ITortureStressor
{
    private readonly TortureContext _ctx;
    private readonly LwktRuntime _lwkt;
    private readonly Token _a = new("torture-a");
    private readonly Token _b = new("torture-b");
    private readonly Token _c = new("torture-c");
    private readonly object _sleepIdent = new();
    private readonly ExclusionGuard _guard;
    private readonly StatGroup _group;
    private long _deaths;

    public TokenStressor(TortureContext ctx, LwktRuntime lwkt)
    {
        _ctx = ctx;
        _lwkt = lwkt;
        _guard = new ExclusionGuard(ctx, "token a");
        _group = ctx.AddGroup("Tokens", () => string.Create(
            CultureInfo.InvariantCulture,
            $"(threads died holding a token {Volatile.Read(ref _deaths)}, token collisions {_a.Collisions + _b.Collisions + _c.Collisions})"));
        ctx.AddThreads("tok", Math.Max(1, ctx.Options.Cores), _group, ProberAsync);
    }

    /// <inheritdoc/>
    public void CheckEnd()
    {
        long writes = _group.Threads.Sum(t => Volatile.Read(ref t.Ops));
        if (_guard.Data > writes)
        {
            _ctx.Fail(_group, $"counters: token a's data is {_guard.Data} after {writes} operations");
        }

        foreach (Token token in new[] { _a, _b, _c })
        {
            if (token.IsHeldExclusive || token.SharedCount != 0)
            {
                _ctx.Fail(_group, $"tokens: {token} still held at the end (owner id {token.OwnerId}, shared {token.SharedCount})");
            }
        }
    }

    private async ValueTask ProberAsync(TortureThread t)
    {
        while (await _ctx.LoopTopAsync(t))
        {
            int choice = t.Random.Below(32);
            if (choice == 0)
            {
                await DieHoldingAsync(t);
            }
            else if (choice == 1)
            {
                SleepQueue.Wakeup(_sleepIdent);
            }
            else if (choice < 8)
            {
                await SharedAsync(t);
            }
            else
            {
                await ExclusiveAsync(t);
            }

            _ctx.CheckNoTokens(t, _group, "after releasing tokens a and b");
            t.AddOp();
            _ctx.Enter(t, TorturePhase.Run);
            TortureContext.Outside(t);
        }
    }

    private async ValueTask ExclusiveAsync(TortureThread t)
    {
        bool aFirst = TortureContext.Chance(t, 2);
        Token first = aFirst ? _a : _b;
        Token second = aFirst ? _b : _a;
        _ctx.Enter(t, TorturePhase.Acquire);
        await first.AcquireAsync();
        try
        {
            await second.AcquireAsync();
            int refs = 2;
            try
            {
                if (TortureContext.Chance(t, 8))
                {
                    // A recursive exclusive hold (invariant 10): one more ref on the stack, never a wait.
                    await second.AcquireAsync();
                    refs = 3;
                }

                _ctx.Enter(t, TorturePhase.Hold);
                CheckHeld(t, "acquire", shared: false, refs);
                _guard.EnterWrite(t, _group);
                long seen = _guard.Data;
                _ctx.Hold(t);
                seen = await MaybeBlockHoldingAsync(t, shared: false, refs, seen);

                if (TortureContext.Chance(t, 64))
                {
                    _guard.ExitWrite(t, _group);
                    ThrowInside();
                }

                _guard.Write(t, _group, seen);
                _guard.ExitWrite(t, _group);
            }
            catch (TortureProbeException)
            {
                _ctx.CountException();
            }
            finally
            {
                for (; refs > 1; refs--)
                {
                    second.Release();
                }
            }
        }
        finally
        {
            first.Release();
        }
    }

    private async ValueTask SharedAsync(TortureThread t)
    {
        _ctx.Enter(t, TorturePhase.Acquire);
        await _a.AcquireSharedAsync();
        try
        {
            _ctx.Enter(t, TorturePhase.Hold);
            CheckHeld(t, "shared acquire", shared: true, refs: 1);
            _guard.EnterRead(t, _group);
            long seen = _guard.Data;
            _ctx.Hold(t);
            seen = await MaybeBlockHoldingAsync(t, shared: true, refs: 1, seen);

            _guard.CheckUnchanged(t, _group, seen, "under a shared hold of token a");
            _guard.ExitRead(t, _group);
        }
        finally
        {
            _a.Release();
        }
    }

    /// <summary>Every token the thread took is held again, in its mode, with all its <paramref name="refs"/> (invariant 8).</summary>
    private void CheckHeld(TortureThread t, string after, bool shared, int refs)
    {
        LwktThread me = LwktThread.Current!;
        if (LwktThread.TokensHeld != refs || !LwktThread.Holds(_a) || (!shared && !LwktThread.Holds(_b)))
        {
            _ctx.Fail(_group, $"tokens: {t.Name} (td{me.Number}) after {after} holds {LwktThread.TokensHeld} token ref(s) of {refs}, a={LwktThread.Holds(_a)}, b={LwktThread.Holds(_b)}; expected {(shared ? "a shared" : "a and b")} (invariant 8)");
        }
        else if (shared ? _a.IsHeldExclusive : _a.OwnerId != me.Id || _b.OwnerId != me.Id)
        {
            _ctx.Fail(_group, $"tokens: {t.Name} (td{me.Number}) after {after}: a owner id {_a.OwnerId}, b owner id {_b.OwnerId} (td{me.Number} is id {me.Id}), a exclusive {_a.IsHeldExclusive}; expected {(shared ? "no exclusive owner of a" : "itself as owner of both")}");
        }
    }

    /// <summary>
    /// With probability 1/2, blocks while holding the tokens (they are released across the block and held again, in
    /// their mode, after it; invariant 8): leaves the guard for the block, checks the holds after it, re-enters, and
    /// counts a guarded value another thread changed meanwhile. Returns the value seen now (<paramref name="seen"/> if it
    /// did not block or nothing changed).
    /// </summary>
    private async ValueTask<long> MaybeBlockHoldingAsync(TortureThread t, bool shared, int refs, long seen)
    {
        if (!TortureContext.Chance(t, 2))
        {
            return seen;
        }

        if (shared)
        {
            _guard.ExitRead(t, _group);
        }
        else
        {
            _guard.ExitWrite(t, _group);
        }

        string kind = await BlockAsync(t);
        CheckHeld(t, kind, shared, refs);
        if (shared)
        {
            _guard.EnterRead(t, _group);
        }
        else
        {
            _guard.EnterWrite(t, _group);
        }

        if (_guard.Data != seen)
        {
            _ctx.CountChangedWhileBlocked();
            seen = _guard.Data;
        }

        return seen;
    }

    /// <summary>A random blocking operation while holding tokens; returns its name.</summary>
    private async ValueTask<string> BlockAsync(TortureThread t)
    {
        _ctx.CountBlockWhileHolding();
        _ctx.Enter(t, TorturePhase.BlockedHolding);
        // The sysport and foreign tasks complete on OS threads, at times no seed controls: not in a deterministic run.
        int kinds = _ctx.Traits.Deterministic ? 5 : 7;
        string kind;
        switch (t.Random.Below(kinds))
        {
            case 0:
                await LwktThread.YieldAsync();
                kind = "yield";
                break;
            case 1:
                await LwktThread.SleepAsync(TimeSpan.FromTicks(10 + t.Random.Below(500)));
                kind = "timed sleep";
                break;
            case 2:
                await SleepQueue.SleepAsync(_sleepIdent, TimeSpan.FromTicks(10 + t.Random.Below(1000)));
                kind = "sleep-queue wait";
                break;
            case 3:
                await _ctx.MoveAsync(t);
                kind = "migration";
                break;
            case 4:
                await _lwkt.Spawn(static async () => await LwktThread.YieldAsync()).JoinAsync();
                kind = "join";
                break;
            case 5:
                await _ctx.Runtime.BlockingCallAsync(1000 + t.Random.Below(50_000));
                kind = "sysport call";
                break;
            default:
                // A foreign task completed by a pool thread: the LWKT thread blocks (tokens released) and resumes on its CPU.
                await Task.Run(static () => Thread.SpinWait(50));
                kind = "foreign await";
                break;
        }

        _ctx.Enter(t, TorturePhase.Hold);
        return kind;
    }

    /// <summary>A thread that takes token c and dies with it: the joiner gets its exception, the token is free again.</summary>
    private async ValueTask DieHoldingAsync(TortureThread t)
    {
        bool yieldFirst = TortureContext.Chance(t, 2);
        LwktThread doomed = _lwkt.Spawn(async () =>
        {
            await _c.AcquireAsync();
            if (yieldFirst)
            {
                await LwktThread.YieldAsync();
            }

            ThrowInside();
        });
        _ctx.Enter(t, TorturePhase.Join);
        try
        {
            await doomed.JoinAsync();
            _ctx.Fail(_group, $"threads: td{doomed.Number} threw, but its joiner {t.Name} saw it end normally");
        }
        catch (LwktThreadException e) when (e.InnerException is TortureProbeException)
        {
            Interlocked.Increment(ref _deaths);
        }

        if (_c.OwnerId == doomed.Id)
        {
            _ctx.Fail(_group, $"tokens: td{doomed.Number} exited still owning {_c} (lwkt-semantics invariant 7: tokens are released at exit)");
        }

        // If the exit did not release it, this waits forever and the watchdog reports it.
        _ctx.Enter(t, TorturePhase.Acquire);
        await _c.AcquireAsync();
        _c.Release();
    }

    private static void ThrowInside() => throw new TortureProbeException();
}
