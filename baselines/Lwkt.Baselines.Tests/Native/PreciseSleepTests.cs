using System.Diagnostics;
using Lwkt.Baselines.Native;

namespace Lwkt.Baselines.Tests.Native;

public class PreciseSleepTests
{
    [Theory]
    [InlineData(100_000)]
    [InlineData(20_000)]
    [InlineData(1_500_000)]
    public void Sleep_lasts_at_least_the_request_and_is_not_rounded_to_milliseconds(long nanoseconds)
    {
        Assert.True(PreciseSleep.IsPrecise);
        for (int i = 0; i < 5; i++)
        {
            long start = Stopwatch.GetTimestamp();
            PreciseSleep.Sleep(nanoseconds);
            TimeSpan achieved = Stopwatch.GetElapsedTime(start);
            Assert.True(achieved.Ticks * 100 >= nanoseconds, $"slept {achieved.TotalMicroseconds} µs of {nanoseconds / 1000} µs");
            Assert.True(achieved < TimeSpan.FromMilliseconds(50) + TimeSpan.FromTicks(nanoseconds / 100), $"slept {achieved.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public void A_non_positive_sleep_returns_at_once()
    {
        PreciseSleep.Sleep(0);
        PreciseSleep.Sleep(-5);
    }
}
