using System.Diagnostics;

namespace Lwkt.Workloads.Tests.Contracts;

public abstract partial class RuntimeContractTests
{
    private const long SleepNanoseconds = 200_000;

    /// <summary>Generous sanity bound only: timing is for the benchmarks, these tests check behaviour.</summary>
    private static readonly TimeSpan SleepSanityBound = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Every sleep lasts at least the request (the contract); the median stays under a generous bound (a
    /// sanity check that the sleep is not milliseconds-rounded garbage; a first timer use or a busy machine may
    /// delay one sample, so single samples are not bounded).
    /// </summary>
    private static void AssertSleepsAchieved(List<TimeSpan> achieved)
    {
        Assert.All(achieved, span => Assert.True(span.Ticks * 100 >= SleepNanoseconds, $"slept {span.TotalMicroseconds} µs of {SleepNanoseconds / 1000} µs"));
        TimeSpan median = achieved.Order().ElementAt(achieved.Count / 2);
        Assert.True(median < SleepSanityBound, $"median sleep {median.TotalMilliseconds} ms for {SleepNanoseconds / 1000} µs");
    }

    [Fact]
    public void SleepAsync_lasts_at_least_the_request()
    {
        var achieved = new List<TimeSpan>();
        RunThreads(1, async _ =>
        {
            for (int i = 0; i < 5; i++)
            {
                long start = Stopwatch.GetTimestamp();
                await Runtime.SleepAsync(SleepNanoseconds);
                achieved.Add(Stopwatch.GetElapsedTime(start));
            }
        });

        AssertSleepsAchieved(achieved);
    }

    [Fact]
    public void BlockingCallAsync_lasts_at_least_the_request()
    {
        var achieved = new List<TimeSpan>();
        RunThreads(1, async _ =>
        {
            for (int i = 0; i < 5; i++)
            {
                long start = Stopwatch.GetTimestamp();
                await Runtime.BlockingCallAsync(SleepNanoseconds);
                achieved.Add(Stopwatch.GetElapsedTime(start));
            }
        });

        AssertSleepsAchieved(achieved);
    }

    [Fact]
    public void Sleeping_threads_overlap_rather_than_queue()
    {
        // Eight threads each sleep 5 ms at once; checked only against a generous bound far below 8 × 5 ms
        // serialised plus noise: a runtime whose sleep held a shared resource would take 40 ms or more.
        const int Threads = 8;
        long start = Stopwatch.GetTimestamp();
        RunThreads(Threads, async _ => await Runtime.SleepAsync(5_000_000));
        Assert.True(Stopwatch.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(5));
    }
}
