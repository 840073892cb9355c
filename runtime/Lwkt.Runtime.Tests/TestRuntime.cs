using Lwkt.Runtime;

namespace Lwkt.Runtime.Tests;

/// <summary>
/// Runs a root LWKT thread on a fresh runtime with a watchdog: a hang (a lost wakeup, a deadlock) fails the test with
/// a message instead of stalling the suite, and the runtime is always shut down.
/// </summary>
internal static class TestRuntime
{
    public static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(30);

    /// <summary>Seeds for behaviour tests that run under many interleavings.</summary>
    public static TheoryData<int> Seeds
    {
        get
        {
            int count = Environment.GetEnvironmentVariable("LWKT_STRESS") == "1" ? 200 : 8;
            var data = new TheoryData<int>();
            for (int i = 1; i <= count; i++)
            {
                data.Add(i);
            }

            return data;
        }
    }

    public static void Run(int cpus, Func<LwktRuntime, ValueTask> root) => Run(new LwktRuntimeOptions { Cpus = cpus }, root);

    /// <summary>As <see cref="Run(int, Func{LwktRuntime, ValueTask})"/>, with every option given.</summary>
    public static void Run(LwktRuntimeOptions options, Func<LwktRuntime, ValueTask> root)
    {
        var rt = new LwktRuntime(options);
        try
        {
            LwktThread td = rt.Spawn(() => root(rt), cpu: 0);
            JoinWithin(td);
        }
        catch (Exception) when (DumpState(rt))
        {
            throw;
        }
        finally
        {
            Assert.True(
                rt.Dispose(Watchdog),
                $"runtime did not shut down: live={rt.LiveThreads}; " + string.Join("; ", rt.Cpus.Select(c => c.ToString())));
        }
    }

    /// <summary>Joins from an OS thread, failing the test when the thread does not finish in time.</summary>
    /// <summary>Writes every CPU's state to the test log when a run fails (a watchdog dump); never handles it.</summary>
    private static bool DumpState(LwktRuntime rt)
    {
        Console.Error.WriteLine($"LWKT state at failure: live={rt.LiveThreads}; " + string.Join("; ", rt.Cpus.Select(c => c.ToString())));
        return false;
    }

    public static void JoinWithin(LwktThread td)
    {
        // A blocking OS join on this thread, not on a pool thread: blocked pool threads would starve the timers and
        // foreign tasks that the LWKT threads under test await.
        if (!td.Join(Watchdog))
        {
            Assert.Fail($"LWKT thread {td.Id} did not finish within {Watchdog.TotalSeconds} s (hang or lost wakeup)");
        }
    }
}
