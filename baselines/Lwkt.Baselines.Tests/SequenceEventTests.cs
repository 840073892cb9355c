using Lwkt.Testing;

namespace Lwkt.Baselines.Tests;

public class SequenceEventTests
{
    [Theory]
    [InlineData("futex")]
    [InlineData("spin")]
    [InlineData("monitor")]
    public void Two_threads_hand_a_turn_back_and_forth_without_losing_a_wakeup(string kind)
    {
        ISequenceEvent ev = Primitives.Sequence(kind);
        const int Rounds = 2_000;
        var turns = new TurnPassing(
            () => ev.Sequence,
            seen =>
            {
                ev.Wait(seen);
                return default;
            },
            ev.WakeAll);

        // The blocking wait completes the task before it is returned: each party runs to the end on its own thread.
        TestThreads.Run(2, me => turns.TakeTurnsAsync(me, Rounds).AsTask().GetAwaiter().GetResult());

        Assert.Equal(2 * Rounds, turns.Turns);
    }

    [Theory]
    [InlineData("futex")]
    [InlineData("spin")]
    [InlineData("monitor")]
    public void WakeAll_releases_every_waiter(string kind)
    {
        ISequenceEvent ev = Primitives.Sequence(kind);
        const int Waiters = 6;
        long seen = ev.Sequence;
        int ready = 0, released = 0;

        TestThreads.Run(Waiters + 1, index =>
        {
            if (index == Waiters)
            {
                TestThreads.WaitUntil(() => Volatile.Read(ref ready) == Waiters, "all waiters are about to wait");
                ev.WakeAll();
                return;
            }

            Interlocked.Increment(ref ready);
            ev.Wait(seen);
            Interlocked.Increment(ref released);
        });

        Assert.Equal(Waiters, released);
        Assert.Equal(seen + 1, ev.Sequence);
    }

    [Theory]
    [InlineData("futex")]
    [InlineData("spin")]
    [InlineData("monitor")]
    public void Wait_with_a_stale_value_returns_at_once(string kind)
    {
        ISequenceEvent ev = Primitives.Sequence(kind);
        long seen = ev.Sequence;
        ev.WakeAll();
        ev.Wait(seen);
        Assert.Equal(seen + 1, ev.Sequence);
    }
}
