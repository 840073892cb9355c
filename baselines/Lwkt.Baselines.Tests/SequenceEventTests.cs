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
        long turn = 0;

        TestThreads.Run(2, me =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                while (true)
                {
                    long seen = ev.Sequence;
                    if (Volatile.Read(ref turn) % 2 == me)
                    {
                        break;
                    }

                    ev.Wait(seen);
                }

                Interlocked.Increment(ref turn);
                ev.WakeAll();
            }
        });

        Assert.Equal(2 * Rounds, turn);
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
