using System.Runtime.ExceptionServices;

namespace Lwkt.Baselines.Tests;

/// <summary>Real OS threads for the tests, with a watchdog so a lost wakeup fails the test instead of hanging it.</summary>
internal static class TestThreads
{
    /// <summary>How long any test may wait for its threads; far above what a passing run needs.</summary>
    public static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="body"/>(i) on <paramref name="count"/> new threads and joins them; rethrows the first failure.</summary>
    public static void Run(int count, Action<int> body)
    {
        ExceptionDispatchInfo? failure = null;
        var threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            int index = i;
            threads[i] = new Thread(() =>
            {
                try
                {
                    body(index);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                }
            })
            { IsBackground = true, Name = $"test-{index}" };
        }

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(Watchdog), $"thread {thread.Name} did not finish within {Watchdog} (lost wakeup or deadlock)");
        }

        failure?.Throw();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after the watchdog.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Watchdog;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            Thread.Sleep(1);
        }
    }
}
