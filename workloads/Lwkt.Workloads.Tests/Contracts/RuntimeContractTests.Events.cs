using Lwkt.Testing;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Tests.Contracts;

public abstract partial class RuntimeContractTests
{
    [Fact]
    public void Two_threads_pass_a_turn_through_one_event_without_losing_a_wakeup()
    {
        RtEvent ev = Runtime.CreateEvent();
        const int Rounds = 300;
        var turns = new TurnPassing(() => ev.Sequence, ev.WaitAsync, ev.WakeAll);

        RunThreads(2, me => turns.TakeTurnsAsync(me, Rounds));

        Assert.Equal(2 * Rounds, turns.Turns);
    }

    [Fact]
    public void WakeAll_releases_every_waiter_and_moves_the_sequence()
    {
        RtEvent ev = Runtime.CreateEvent();
        const int Waiters = 6;
        long seen = ev.Sequence;
        int ready = 0, released = 0;

        RunThreads(Waiters + 1, async index =>
        {
            if (index == Waiters)
            {
                await YieldUntil(() => Volatile.Read(ref ready) == Waiters);
                ev.WakeAll();
                return;
            }

            Interlocked.Increment(ref ready);
            while (ev.Sequence == seen)
            {
                await ev.WaitAsync(seen);
            }

            Interlocked.Increment(ref released);
        });

        Assert.Equal(Waiters, released);
        Assert.True(ev.Sequence > seen);
    }

    [Fact]
    public void Wait_with_a_stale_sequence_returns_at_once()
    {
        RtEvent ev = Runtime.CreateEvent();
        RunThreads(1, async _ =>
        {
            long seen = ev.Sequence;
            ev.WakeAll();
            await ev.WaitAsync(seen);
        });
    }
}
