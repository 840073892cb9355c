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
}
