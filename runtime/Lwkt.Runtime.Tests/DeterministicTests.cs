namespace Lwkt.Runtime.Tests;

public class DeterministicTests
{
    /// <summary>A mixed program: tokens across CPUs, yields, timed sleeps, sleep/wakeup, spawn and join.</summary>
    private static (string Digest, long Switches, IReadOnlyList<string> Log, long Counter) RunProgram(int seed)
    {
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 3, DeterministicSeed = seed, RecordEvents = true });
        var token = new Token("d");
        var ident = new object();
        long counter = 0;
        rt.Run(async () =>
        {
            var workers = Enumerable.Range(0, 12).Select(i => rt.Spawn(async () =>
            {
                for (int r = 0; r < 20; r++)
                {
                    await token.AcquireAsync();
                    counter++;
                    if ((i + r) % 5 == 0)
                    {
                        await LwktThread.SleepAsync(TimeSpan.FromMicroseconds(30));
                    }

                    token.Release();
                    await LwktThread.YieldAsync();
                    if (r % 7 == 3)
                    {
                        SleepQueue.Wakeup(ident);
                        await SleepQueue.SleepAsync(ident, TimeSpan.FromMicroseconds(50));
                    }
                }
            }, cpu: i % 3)).ToList();
            foreach (LwktThread w in workers)
            {
                await w.JoinAsync();
            }
        });
        string digest = rt.ScheduleDigest;
        long switches = rt.RecordedSwitches;
        IReadOnlyList<string> log = rt.EventLog;
        rt.Dispose();
        return (digest, switches, log, counter);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(20261128)]
    public void The_same_seed_replays_the_same_interleaving(int seed)
    {
        var first = RunProgram(seed);
        var second = RunProgram(seed);
        Assert.Equal(12 * 20, first.Counter);
        Assert.Equal(first.Log, second.Log);
        Assert.Equal(first.Digest, second.Digest);
        Assert.True(first.Switches > 240);
    }

    [Fact]
    public void Different_seeds_give_different_interleavings()
    {
        var digests = new[] { 1, 2, 3, 4 }.Select(s => RunProgram(s).Digest).ToHashSet();
        Assert.True(digests.Count > 1, "four seeds produced one interleaving: the driver ignores its seed");
    }

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void A_wakeup_reaches_sleepers_on_every_cpu_in_every_interleaving(int seed)
    {
        // No timeouts: a wakeup lost on the way to another CPU leaves every thread blocked, which the driver reports at
        // once (no waiting on a clock), naming the seed.
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 3, DeterministicSeed = seed });
        var ident = new object();
        int posted = 0;
        int seen = 0;
        rt.Run(async () =>
        {
            var sleepers = Enumerable.Range(0, 6).Select(i => rt.Spawn(async () =>
            {
                for (int round = 1; round <= 5; round++)
                {
                    while (Volatile.Read(ref posted) < round)
                    {
                        SleepQueue.Interlock(ident);
                        if (Volatile.Read(ref posted) >= round)
                        {
                            SleepQueue.Cancel();
                            break;
                        }

                        await SleepQueue.SleepAsync(ident, interlocked: true);
                    }

                    Interlocked.Increment(ref seen);
                }
            }, cpu: i % 3)).ToList();
            for (int round = 1; round <= 5; round++)
            {
                await LwktThread.YieldAsync();
                Volatile.Write(ref posted, round);
                SleepQueue.Wakeup(ident);
            }

            foreach (LwktThread s in sleepers)
            {
                await s.JoinAsync();
            }
        });
        rt.Dispose();
        Assert.Equal(6 * 5, seen);
    }

    [Fact]
    public void A_deadlock_is_reported_with_the_seed()
    {
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2, DeterministicSeed = 7 });
        var ident = new object();
        var e = Assert.Throws<InvalidOperationException>(() => rt.Run(async () => await SleepQueue.SleepAsync(ident)));
        Assert.Contains("seed 7", e.Message, StringComparison.Ordinal);
    }
}
