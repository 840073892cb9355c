namespace Lwkt.Runtime.Tests;

/// <summary>
/// The doorbell protocol on its own (docs/cross-cpu.md): a ring that lands before, during or after a park is never
/// lost, and a sender pays a futex wake only for a parked owner.
/// </summary>
public class DoorbellTests
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_ring_before_the_park_makes_the_park_return_at_once()
    {
        var bell = new Doorbell();
        bell.Ring();
        RunWithWatchdog(() => bell.Park(-1), "park after a ring");
        Assert.True(bell.IsRung);
        Assert.False(bell.IsParked);
        Assert.Equal(0, bell.WakesSent);
    }

    [Fact]
    public void A_ring_after_the_park_wakes_the_parked_owner_with_one_futex_wake()
    {
        var bell = new Doorbell();
        var owner = new Thread(() => bell.Park(-1)) { IsBackground = true };
        owner.Start();
        SpinUntil(() => bell.IsParked, "the owner to park");
        bell.Ring();
        bell.Ring();
        Assert.True(owner.Join(Watchdog), "a ring after the park was lost: the owner still sleeps");
        Assert.Equal(1, bell.WakesSent);
        Assert.False(bell.IsParked);
    }

    [Fact]
    public void Answering_clears_the_ring_and_leaves_a_pull_request()
    {
        var bell = new Doorbell();
        Assert.False(bell.TryAnswer());
        bell.Ring();
        bell.AskToPull(long.MinValue);
        Assert.True(bell.TryAnswer());
        Assert.False(bell.IsRung);
        Assert.True(bell.HasWake);
        Assert.True(bell.TakePull());
        Assert.False(bell.HasWake);
    }

    [Fact]
    public void A_pull_request_leaves_a_park_that_its_timeout_ends_soon_and_the_owner_still_sees_it()
    {
        var bell = new Doorbell();
        var owner = new Thread(() => bell.Park(200_000_000, endsAt: 1_000)) { IsBackground = true };
        owner.Start();
        SpinUntil(() => bell.IsParked, "the owner to park");

        // The park ends at 1,000 by its own timeout: a pull that may wait until 2,000 does not wake it.
        bell.AskToPull(noWakeIfParkEndsBy: 2_000);
        Assert.True(owner.Join(Watchdog), "the timed park never ended");
        Assert.Equal(0, bell.WakesSent);
        Assert.True(bell.TakePull(), "the pull request was lost");

        // Set, the bit makes the next park return at once.
        bell.AskToPull(noWakeIfParkEndsBy: 2_000);
        RunWithWatchdog(() => bell.Park(-1), "park with a pull pending");
    }

    [Fact]
    public void A_pull_request_wakes_a_park_that_ends_later_than_the_pull_may_wait()
    {
        var bell = new Doorbell();
        var owner = new Thread(() => bell.Park((long)TimeSpan.FromMinutes(10).TotalNanoseconds, endsAt: 5_000)) { IsBackground = true };
        owner.Start();
        SpinUntil(() => bell.IsParked, "the owner to park");
        bell.AskToPull(noWakeIfParkEndsBy: 2_000);
        Assert.True(owner.Join(Watchdog), "a pull that could not wait for the park's end did not wake it");
        Assert.Equal(1, bell.WakesSent);
    }

    [Fact]
    public void A_timed_park_returns_without_a_ring()
    {
        var bell = new Doorbell();
        RunWithWatchdog(() => bell.Park(1_000_000), "a 1 ms timed park");
        Assert.False(bell.IsParked);
    }

    /// <summary>
    /// Owner and sender race in both orders under seeded delays: the owner answers, checks a queue, parks; the sender
    /// publishes, then rings. Every published item must be seen: a lost wakeup leaves the owner parked forever.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void No_wakeup_is_lost_between_park_and_publish(int seed)
    {
        int rounds = Environment.GetEnvironmentVariable("LWKT_STRESS") == "1" ? 20_000 : 2_000;
        var bell = new Doorbell();
        long published = 0;
        long seen = 0;
        var ownerRandom = new Random(seed);
        var owner = new Thread(() =>
        {
            while (Volatile.Read(ref seen) < rounds)
            {
                // The idle loop's order: clear the bell, look at the work, park only on a bell that did not ring since.
                bell.TryAnswer();
                long now = Volatile.Read(ref published);
                if (now > seen)
                {
                    Volatile.Write(ref seen, now);
                    continue;
                }

                Thread.SpinWait(ownerRandom.Next(0, 64));
                bell.Park(-1);
            }
        }) { IsBackground = true };
        owner.Start();

        var senderRandom = new Random(seed * 7919);
        for (int i = 1; i <= rounds; i++)
        {
            Volatile.Write(ref published, i);
            bell.Ring();

            // Wait for the owner to take it, so every round is a fresh race between its park and our ring.
            long deadline = Environment.TickCount64 + (long)Watchdog.TotalMilliseconds;
            while (Volatile.Read(ref seen) < i)
            {
                Assert.True(Environment.TickCount64 < deadline, $"round {i}: the owner parked through a ring (lost wakeup); bell {bell}");
                Thread.SpinWait(1);
            }

            Thread.SpinWait(senderRandom.Next(0, 256));
        }

        Assert.True(owner.Join(Watchdog));
        Assert.True(bell.WakesSent <= rounds);
    }

    private static void RunWithWatchdog(Action action, string what)
    {
        var t = new Thread(() => action()) { IsBackground = true };
        t.Start();
        Assert.True(t.Join(Watchdog), $"{what} did not return within {Watchdog.TotalSeconds} s");
    }

    private static void SpinUntil(Func<bool> condition, string what)
    {
        Assert.True(SpinWait.SpinUntil(condition, Watchdog), $"timed out waiting for {what}");
    }
}
