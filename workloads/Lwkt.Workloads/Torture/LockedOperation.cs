namespace Lwkt.Workloads.Torture;

/// <summary>
/// One operation under a lock, the same for every lock kind: acquire; claim the inside (writer or reader); hold for a
/// random, sometimes long, time; sometimes block while holding; sometimes throw inside; write (writers) or check the
/// data did not move (readers); leave; release, also on the exception path. Counts the operation when it completed.
/// </summary>
internal sealed class LockedOperation(
    TortureContext ctx, ExclusionGuard guard, StatGroup group, bool writer, Func<ValueTask> acquire, Action release)
{
    /// <summary>One block while holding in this many operations.</summary>
    public const int BlockOdds = 16;

    /// <summary>One exception inside in this many operations.</summary>
    public const int ThrowOdds = 256;

    /// <summary>The group whose threads run it.</summary>
    public StatGroup Group => group;

    /// <summary>Runs the operation loop of one stress thread until the run stops.</summary>
    public async ValueTask LoopAsync(TortureThread t)
    {
        while (await ctx.LoopTopAsync(t))
        {
            await OnceAsync(t);
            ctx.Enter(t, TorturePhase.Run);
            TortureContext.Outside(t);
        }
    }

    private async ValueTask OnceAsync(TortureThread t)
    {
        ctx.Enter(t, TorturePhase.Acquire);
        await acquire();
        ctx.Enter(t, TorturePhase.Hold);
        bool inside = false;
        try
        {
            Claim(t);
            inside = true;
            long seen = guard.Data;
            ctx.Hold(t);
            if (TortureContext.Chance(t, BlockOdds))
            {
                seen = await ctx.BlockWhileHoldingAsync(t, guard, group, writer, seen);
            }

            if (TortureContext.Chance(t, ThrowOdds))
            {
                throw new TortureProbeException();
            }

            if (writer)
            {
                guard.Write(t, group, seen);
            }
            else
            {
                guard.CheckUnchanged(t, group, seen, "under a shared hold");
            }

            inside = false;
            Leave(t);
            t.AddOp();
        }
        catch (TortureProbeException)
        {
            if (inside)
            {
                Leave(t);
            }

            ctx.CountException();
        }
        finally
        {
            release();
        }

        ctx.CheckNoTokens(t, group, $"after releasing {guard.What}");
    }

    private void Claim(TortureThread t)
    {
        if (writer)
        {
            guard.EnterWrite(t, group);
        }
        else
        {
            guard.EnterRead(t, group);
        }
    }

    private void Leave(TortureThread t)
    {
        if (writer)
        {
            guard.ExitWrite(t, group);
        }
        else
        {
            guard.ExitRead(t, group);
        }
    }

    /// <summary>Every completed write went through the guard exactly once: no update was lost (writers only).</summary>
    public void CheckEnd()
    {
        if (!writer)
        {
            return;
        }

        long writes = group.Threads.Sum(t => Volatile.Read(ref t.Ops));
        if (guard.Data != writes)
        {
            ctx.Fail(group, $"counters: the data of {guard.What} is {guard.Data} after {writes} writes (lost or extra updates)");
        }
    }
}
