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
        int inside = 0, violations = 0;
        long counter = 0;

        TestThreads.Run(Threads, _ =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                gate.Enter();
                if (Interlocked.Increment(ref inside) != 1)
                {
                    Interlocked.Increment(ref violations);
                }

                counter++;
                Interlocked.Decrement(ref inside);
                gate.Exit();
            }
        });

        Assert.Equal(0, violations);
        Assert.Equal(Threads * Iterations, counter);
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
