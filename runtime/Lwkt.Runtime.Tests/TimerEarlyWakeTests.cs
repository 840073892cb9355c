namespace Lwkt.Runtime.Tests;

/// <summary>
/// The idle loop's timer early wake (docs/cross-cpu.md, the idle loop): how early a timed park ends before its timer,
/// adapted to measured park lateness, and that an idle CPU parks (instead of spinning) toward a timer further away
/// than that.
/// </summary>
public class TimerEarlyWakeTests
{
    [Fact]
    public void Starts_at_the_cautious_maximum_before_any_park_is_measured()
    {
        Assert.Equal(TimerEarlyWake.MaxNanoseconds, TimerEarlyWake.Initial.Nanoseconds);
    }

    [Fact]
    public void Settles_on_the_observed_lateness_plus_the_margin_when_parks_wake_on_time()
    {
        TimerEarlyWake wake = TimerEarlyWake.Initial;
        for (int i = 0; i < 200; i++)
        {
            wake.Observe(3_000);
        }

        Assert.InRange(wake.Nanoseconds, 3_000 + TimerEarlyWake.MarginNanoseconds, 3_000 + TimerEarlyWake.MarginNanoseconds + 100);
    }

    [Fact]
    public void One_late_wake_raises_it_at_once_and_one_quick_wake_lowers_it_only_a_little()
    {
        TimerEarlyWake wake = TimerEarlyWake.Initial;
        for (int i = 0; i < 200; i++)
        {
            wake.Observe(1_000);
        }

        wake.Observe(12_000);
        Assert.Equal(12_000 + TimerEarlyWake.MarginNanoseconds, wake.Nanoseconds);
        wake.Observe(1_000);
        Assert.InRange(wake.Nanoseconds, 10_000 + TimerEarlyWake.MarginNanoseconds, 12_000 + TimerEarlyWake.MarginNanoseconds);
    }

    [Fact]
    public void Stays_within_its_bounds_and_ignores_waits_ended_before_their_timeout()
    {
        TimerEarlyWake wake = TimerEarlyWake.Initial;
        wake.Observe(5_000_000); // a park preempted for 5 ms on a loaded machine
        Assert.Equal(TimerEarlyWake.MaxNanoseconds, wake.Nanoseconds);
        for (int i = 0; i < 500; i++)
        {
            wake.Observe(0);
        }

        Assert.Equal(TimerEarlyWake.MinNanoseconds, wake.Nanoseconds);
        wake.Observe(-40_000); // a completion ended the wait 40 µs before its timeout: no lateness
        Assert.Equal(TimerEarlyWake.MinNanoseconds, wake.Nanoseconds);
    }

    /// <summary>
    /// A one-CPU runtime whose spin limit (2 ms) exceeds its sleeps (1 ms) parks between timers instead of spinning up
    /// to each: only the last early-wake microseconds are spun. Counts parks, not time, so a loaded machine cannot
    /// break it (a park is skipped only when the worker loses the CPU for most of a millisecond between a sleep and
    /// its idle loop).
    /// </summary>
    [Fact]
    public void An_idle_cpu_parks_toward_a_timer_further_away_than_its_early_wake()
    {
        const int sleeps = 40;
        long parks = 0;
        TestRuntime.Run(new LwktRuntimeOptions { Cpus = 1, IdleSpin = TimeSpan.FromMilliseconds(2) }, async rt =>
        {
            long before = rt.Counters.IdleSleeps;
            for (int i = 0; i < sleeps; i++)
            {
                await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(1));
            }

            parks = rt.Counters.IdleSleeps - before;
        });

        Assert.True(parks >= sleeps / 2, $"{parks} parks for {sleeps} sleeps of 1 ms: the idle CPU spun toward its timers");
    }

    /// <summary>
    /// The spin rule allows an idle CPU to spin while another CPU is busy, for its adaptive budget (at most 2 ms here).
    /// A spin that only a timer ended (1 ms sleeps) did not pay — the park would have served the timer — so the budget
    /// shrinks and the CPU parks toward its timers after a few sleeps; counted as paid, the budget stayed at 2 ms and
    /// the CPU spun through every sleep. Counts parks, not time (see above).
    /// </summary>
    [Fact]
    public void A_spin_ended_only_by_a_far_timer_does_not_keep_the_spin_budget_up()
    {
        const int sleeps = 40;
        long parks = 0;
        bool stop = false;
        TestRuntime.Run(new LwktRuntimeOptions { Cpus = 2, IdleSpin = TimeSpan.FromMilliseconds(2) }, async rt =>
        {
            // Keeps CPU 1 busy, so the spin rule lets CPU 0 spin.
            LwktThread hog = rt.Spawn(async () =>
            {
                while (!Volatile.Read(ref stop))
                {
                    await LwktThread.MaybeYieldAsync();
                }
            }, cpu: 1);

            long before = rt.Cpus[0].Counters.IdleSleeps;
            for (int i = 0; i < sleeps; i++)
            {
                await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(1));
            }

            parks = rt.Cpus[0].Counters.IdleSleeps - before;
            Volatile.Write(ref stop, true);
            await hog.JoinAsync();
        });

        Assert.True(parks >= sleeps / 2, $"{parks} parks for {sleeps} sleeps of 1 ms beside a busy CPU: the budget stayed up");
    }
}
