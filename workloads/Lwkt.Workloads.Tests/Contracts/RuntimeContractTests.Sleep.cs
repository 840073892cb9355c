using System.Diagnostics;
using Lwkt.Workloads.Abstractions;

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

    /// <summary>Both timed waits of the contract: the runtime's sleep and its blocking system call.</summary>
    [Theory]
    [InlineData(nameof(WorkloadRuntime.SleepAsync))]
    [InlineData(nameof(WorkloadRuntime.BlockingCallAsync))]
    public void A_timed_wait_lasts_at_least_the_request(string wait)
    {
        Func<long, ValueTask> timedWait = wait == nameof(WorkloadRuntime.SleepAsync) ? Runtime.SleepAsync : Runtime.BlockingCallAsync;
        var achieved = new List<TimeSpan>();
        RunThreads(1, async _ =>
        {
            for (int i = 0; i < 5; i++)
            {
                long start = Stopwatch.GetTimestamp();
                await timedWait(SleepNanoseconds);
                achieved.Add(Stopwatch.GetElapsedTime(start));
            }
        });

        AssertSleepsAchieved(achieved);
    }

    [Fact]
    public void Sleeping_threads_overlap_rather_than_queue()
    {
        // Every thread counts itself in, then sleeps 2 s; on waking, it reads how many had counted in. Overlapping
        // sleeps see all of them: a sleep that held its worker, a lock or a queue lets at most one per worker in
        // before the first wakes. Nothing is timed: 2 s only has to exceed how long a loaded machine takes to start
        // eight threads.
        const int Threads = 8;
        int entered = 0;
        int fewestSeen = int.MaxValue;
        RunThreads(Threads, async _ =>
        {
            Interlocked.Increment(ref entered);
            await Runtime.SleepAsync(2_000_000_000);
            int seen = Volatile.Read(ref entered);
            int fewest;
            while (seen < (fewest = Volatile.Read(ref fewestSeen)) && Interlocked.CompareExchange(ref fewestSeen, seen, fewest) != fewest)
            {
            }
        });
        Assert.True(fewestSeen == Threads, $"a thread woke with only {fewestSeen} of {Threads} threads asleep: the sleeps queued");
    }
}
