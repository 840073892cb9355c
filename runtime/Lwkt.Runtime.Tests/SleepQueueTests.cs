namespace Lwkt.Runtime.Tests;

public class SleepQueueTests
{
    [Fact]
    public void A_wakeup_between_interlock_and_sleep_is_not_lost()
    {
        TestRuntime.Run(1, async _ =>
        {
            var ident = new object();
            SleepQueue.Interlock(ident);
            Assert.Equal(1, SleepQueue.Wakeup(ident));
            Assert.Equal(LwktThread.WokenResult, await SleepQueue.SleepAsync(ident, TimeSpan.FromSeconds(10), interlocked: true));

            // The burned blocking point must not wake the next, unrelated sleep.
            Assert.Equal(LwktThread.TimedOutResult, await SleepQueue.SleepAsync(new object(), TimeSpan.FromMilliseconds(2)));
        });
    }

    [Fact]
    public void A_resultless_interlocked_sleep_blocks_until_woken_and_not_after_an_early_wakeup()
    {
        TestRuntime.Run(1, async rt =>
        {
            var ident = new object();

            // Woken between interlock and sleep: it completes at once, and the retired blocking point wakes nothing later.
            SleepQueue.Interlock(ident);
            Assert.Equal(1, SleepQueue.Wakeup(ident));
            ValueTask early = SleepQueue.SleepInterlockedAsync(ident);
            Assert.True(early.IsCompleted);
            await early;

            // Not woken yet: it blocks until the wakeup, which finds exactly this sleeper.
            bool resumed = false;
            LwktThread sleeper = rt.Spawn(async () =>
            {
                SleepQueue.Interlock(ident);
                await SleepQueue.SleepInterlockedAsync(ident);
                resumed = true;
            });
            await LwktThread.YieldAsync();
            Assert.False(resumed);
            Assert.Equal(1, SleepQueue.Wakeup(ident));
            await sleeper.JoinAsync();
            Assert.True(resumed);
        });
    }

    [Fact]
    public void A_timeout_is_reported_once_and_a_later_wakeup_finds_nobody()
    {
        TestRuntime.Run(1, async _ =>
        {
            var ident = new object();
            Assert.Equal(LwktThread.TimedOutResult, await SleepQueue.SleepAsync(ident, TimeSpan.FromMilliseconds(1)));
            Assert.Equal(0, SleepQueue.Wakeup(ident));
        });
    }

    [Fact]
    public void Cancel_takes_the_thread_off_the_queue()
    {
        TestRuntime.Run(1, _ =>
        {
            var ident = new object();
            SleepQueue.Interlock(ident);
            SleepQueue.Cancel();
            Assert.Equal(0, SleepQueue.Wakeup(ident));
            return default;
        });
    }

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void Cross_cpu_wakeups_reach_every_sleeper_exactly_once(int seed)
    {
        const int sleepers = 200;
        int woken = 0;
        int timedOut = 0;
        TestRuntime.Run(2, async rt =>
        {
            var rnd = new Random(seed);
            var ident = new object();
            int ready = 0;
            var all = Enumerable.Range(0, sleepers).Select(i => rt.Spawn(async () =>
            {
                SleepQueue.Interlock(ident);
                Interlocked.Increment(ref ready);
                int r = await SleepQueue.SleepAsync(ident, TestRuntime.Watchdog * 2 / 3, interlocked: true);
                Interlocked.Increment(ref r == LwktThread.WokenResult ? ref woken : ref timedOut);
            }, cpu: i % 2)).ToList();
            while (Volatile.Read(ref ready) < sleepers)
            {
                await LwktThread.YieldAsync();
            }

            // A mix of wakeup_one and wakeup, from this CPU, until every sleeper has been woken once.
            while (Volatile.Read(ref woken) + Volatile.Read(ref timedOut) < sleepers)
            {
                if (rnd.Next(2) == 0)
                {
                    SleepQueue.WakeupOne(ident);
                }
                else
                {
                    SleepQueue.Wakeup(ident);
                }

                await LwktThread.YieldAsync();
            }

            foreach (LwktThread td in all)
            {
                await td.JoinAsync();
            }
        });

        if (timedOut != 0)
        {
            TestRuntime.ReportHang(); // a sleeper outslept its wakeup: the later seeds need not wait as long to fail
        }

        Assert.Equal(sleepers, woken);
        Assert.Equal(0, timedOut);
    }

    [Fact]
    public void WakeupOne_wakes_exactly_one()
    {
        TestRuntime.Run(1, async rt =>
        {
            var ident = new object();
            int woken = 0;
            var all = Enumerable.Range(0, 3).Select(_ => rt.Spawn(async () =>
            {
                if (await SleepQueue.SleepAsync(ident, TimeSpan.FromMilliseconds(50)) == LwktThread.WokenResult)
                {
                    Interlocked.Increment(ref woken);
                }
            })).ToList();
            await LwktThread.YieldAsync();
            Assert.Equal(1, SleepQueue.WakeupOne(ident));
            foreach (LwktThread td in all)
            {
                await td.JoinAsync();
            }

            Assert.Equal(1, woken);
        });
    }

    [Fact]
    public void Wakeup_from_an_os_thread_reaches_an_lwkt_sleeper()
    {
        // Not `using`: Dispose() waits for every thread without limit, and a lost wakeup leaves the sleeper alive.
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });
        var ident = new object();
        int ready = 0;
        int result = -1;
        try
        {
            LwktThread td = rt.Spawn(async () =>
            {
                SleepQueue.Interlock(ident);
                Volatile.Write(ref ready, 1);
                result = await SleepQueue.SleepAsync(ident, null, interlocked: true);
            });
            while (Volatile.Read(ref ready) == 0)
            {
                Thread.Yield();
            }

            SleepQueue.Wakeup(ident);
            TestRuntime.JoinWithin(td);
        }
        finally
        {
            TestRuntime.Shutdown(rt);
        }

        Assert.Equal(LwktThread.WokenResult, result);
    }
}
