namespace Lwkt.Runtime.Tests;

/// <summary>
/// The running LWKT thread is the OS thread's <see cref="SynchronizationContext"/> after every kind of switch (a yield,
/// a wake by another thread, a hand-off), on a worker and on a deterministic run's driver: the scheduler sets it
/// through the OS thread it runs on, not through <see cref="SynchronizationContext.SetSynchronizationContext"/>.
/// </summary>
public class SwitchContextTests
{
    [Fact]
    public void Each_thread_is_the_context_while_it_runs_on_a_worker()
    {
        int checks = 0;
        TestRuntime.Run(1, async rt => checks = await PingPongAndYield(rt));
        Assert.True(checks >= 4 * Rounds, $"{checks} checks");
    }

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void Each_thread_is_the_context_while_it_runs_on_the_deterministic_driver(int seed)
    {
        var before = new SynchronizationContext();
        SynchronizationContext? saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(before);
        try
        {
            int checks = 0;
            var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2, DeterministicSeed = seed });
            rt.Run(async () => checks = await PingPongAndYield(rt));
            rt.Dispose();
            Assert.True(checks >= 4 * Rounds, $"{checks} checks");

            // The driver's own context is back once the run returns.
            Assert.Same(before, SynchronizationContext.Current);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }

    private const int Rounds = 20;

    /// <summary>
    /// Three threads on CPU 0: two wake each other through a sleep queue (hand-offs), one yields; each checks the
    /// context after every switch back into it (at least one per yield). Returns the number of checks made.
    /// </summary>
    private static async ValueTask<int> PingPongAndYield(LwktRuntime rt)
    {
        int checks = 0;
        object ball = new();
        int turn = 0;

        async ValueTask Player(int me)
        {
            for (int i = 0; i < Rounds; i++)
            {
                while (turn != me)
                {
                    SleepQueue.Interlock(ball);
                    if (turn == me)
                    {
                        SleepQueue.Cancel();
                        break;
                    }

                    await SleepQueue.SleepAsync(ball, null, interlocked: true);
                    Check();
                }

                turn = 1 - me;
                SleepQueue.Wakeup(ball);
                await LwktThread.YieldAsync();
                Check();
            }
        }

        async ValueTask Yielder()
        {
            for (int i = 0; i < 2 * Rounds; i++)
            {
                await LwktThread.YieldAsync();
                Check();
            }
        }

        void Check()
        {
            Assert.Same(LwktThread.Current, SynchronizationContext.Current);
            checks++;
        }

        LwktThread[] threads =
        [
            rt.Spawn(() => Player(0), cpu: 0),
            rt.Spawn(() => Player(1), cpu: 0),
            rt.Spawn(Yielder, cpu: 0),
        ];
        foreach (LwktThread td in threads)
        {
            await td.JoinAsync();
        }

        return checks;
    }
}
