using System.Globalization;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// Randomly timed wakeups: waiters wait on an event of the runtime with the no-lost-wakeup interlock (read the sequence,
/// then wait for it to move); a waker sleeps a random time (often none) and wakes them all. The watchdog reports a
/// waiter still waiting long after its event moved as a lost wakeup; a wait that returns with the sequence unchanged
/// is a spurious wakeup.
/// </summary>
internal sealed class WakeStressor : ITortureStressor
{
    private readonly TortureContext _ctx;
    private readonly RtEvent _event;
    private readonly StatGroup _group;
    private long _wakes;

    public WakeStressor(TortureContext ctx)
    {
        _ctx = ctx;
        _event = ctx.Runtime.CreateEvent();
        _group = ctx.AddGroup("Wakeups", () => string.Create(CultureInfo.InvariantCulture, $"(wake-alls {Volatile.Read(ref _wakes)})"));
        ctx.AddThreads("waiter", Math.Max(1, ctx.Options.Cores), _group, WaiterAsync);

        ctx.AddThread("waker", null, WakerAsync);
        ctx.OnStop.Add(_event.WakeAll);
    }

    /// <inheritdoc/>
    public void CheckEnd()
    {
        // Each wait ends with the sequence moved at least once, so no waiter can have seen more wakeups than there were.
        long moves = _event.Sequence;
        foreach (TortureThread t in _group.Threads)
        {
            if (t.Ops > moves)
            {
                _ctx.Fail(_group, $"counters: {t.Name} saw {t.Ops} wakeups of an event that moved {moves} times");
            }
        }
    }

    private async ValueTask WaiterAsync(TortureThread t)
    {
        while (await _ctx.LoopTopAsync(t))
        {
            long seen = _event.Sequence;
            if (_ctx.Stopping)
            {
                break;
            }

            t.EnterWait(TorturePhase.Wait, _event, seen, _ctx.Clock.NowMs);
            await _event.WaitAsync(seen);
            t.LeaveWait(_ctx.Clock.NowMs);
            long now = _event.Sequence;
            if (now == seen)
            {
                _ctx.Fail(_group, $"wakeups: {t.Name}'s wait returned with the sequence still {seen} (spurious wakeup)");
            }

            t.AddOp();
        }
    }

    private async ValueTask WakerAsync(TortureThread t)
    {
        while (await _ctx.LoopTopAsync(t))
        {
            if (!TortureContext.Chance(t, 4))
            {
                _ctx.Enter(t, TorturePhase.Sleep);
                await _ctx.Runtime.SleepAsync(1000 + t.Random.Below(2_000_000));
                _ctx.Enter(t, TorturePhase.Run);
            }

            _event.WakeAll();
            Interlocked.Increment(ref _wakes);
            t.AddOp();
        }
    }
}
