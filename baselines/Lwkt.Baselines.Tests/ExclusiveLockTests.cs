using Lwkt.Testing;

namespace Lwkt.Baselines.Tests;

public class ExclusiveLockTests
{
    [Theory]
    [InlineData("futex")]
    [InlineData("ttas")]
    [InlineData("ticket")]
    public void Only_one_thread_is_inside_under_contention_and_no_increment_is_lost(string kind)
    {
        IExclusiveLock gate = Primitives.Lock(kind);
        const int Threads = 3, Iterations = 4_000;
        var probe = new ExclusionProbe();

        TestThreads.Run(Threads, _ =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                gate.Enter();
                probe.Exclusive();
                gate.Exit();
            }
        });

        probe.AssertExcluded(Threads * Iterations);
    }

    [Theory]
    [InlineData("futex")]
    [InlineData("ttas")]
    [InlineData("ticket")]
    public void TryEnter_fails_while_held_and_succeeds_when_free(string kind)
    {
        IExclusiveLock gate = Primitives.Lock(kind);
        gate.Enter();
        bool whileHeld = true;
        TestThreads.Run(1, _ => whileHeld = gate.TryEnter());
        Assert.False(whileHeld);
        gate.Exit();

        Assert.True(gate.TryEnter());
        gate.Exit();
    }
}
