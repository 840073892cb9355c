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
        var achieved = new List<TimeSpan>();
        for (int i = 0; i < 5; i++)
        {
            long start = Stopwatch.GetTimestamp();
            PreciseSleep.Sleep(nanoseconds);
            achieved.Add(Stopwatch.GetElapsedTime(start));
        }

        // Never short (the contract); the median within a generous sanity bound (a busy machine may delay one sample).
        Assert.All(achieved, span => Assert.True(span.Ticks * 100 >= nanoseconds, $"slept {span.TotalMicroseconds} µs of {nanoseconds / 1000} µs"));
        TimeSpan median = achieved.Order().ElementAt(achieved.Count / 2);
        Assert.True(median < TimeSpan.FromMilliseconds(50) + TimeSpan.FromTicks(nanoseconds / 100), $"median {median.TotalMilliseconds} ms");
    }

    [Fact]
    public void A_non_positive_sleep_returns_at_once()
    {
        PreciseSleep.Sleep(0);
        PreciseSleep.Sleep(-5);
    }
}
