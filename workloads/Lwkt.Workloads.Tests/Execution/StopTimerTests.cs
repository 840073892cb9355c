using Lwkt.Workloads.Execution;

namespace Lwkt.Workloads.Tests.Execution;

/// <summary>
/// The stop timer: a zero duration stops on the arming thread, before <see cref="StopTimer.Arm"/> returns (the start
/// gate releases nobody before that); any other duration stops from the timer's thread, and disposal abandons it.
/// </summary>
public sealed class StopTimerTests
{
    [Fact]
    public void A_zero_duration_has_stopped_when_arm_returns()
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int stops = 0;
            using (var timer = new StopTimer(TimeSpan.Zero, () => Interlocked.Increment(ref stops)))
            {
                timer.Arm();
                Assert.True(Volatile.Read(ref stops) >= 1, $"attempt {attempt}: not stopped when Arm returned");
            }
        }
    }

    [Fact]
    public void A_timed_duration_stops_later_from_the_timer_thread()
    {
        int stopper = 0;
        using var stopped = new ManualResetEventSlim(false);
        using var timer = new StopTimer(TimeSpan.FromMilliseconds(20), () =>
        {
            stopper = Environment.CurrentManagedThreadId;
            stopped.Set();
        });

        timer.Arm();
        Assert.False(stopped.IsSet);
        Assert.True(stopped.Wait(TestCells.Deadline), "the timer never stopped");
        Assert.NotEqual(Environment.CurrentManagedThreadId, stopper);
    }

    [Fact]
    public void Disposal_abandons_a_running_countdown()
    {
        int stops = 0;
        var timer = new StopTimer(TimeSpan.FromSeconds(30), () => Interlocked.Increment(ref stops));
        timer.Arm();

        timer.Dispose();

        Assert.Equal(0, stops);
    }
}
