namespace Lwkt.Runtime.Tests;

/// <summary>
/// Runs a root LWKT thread on a fresh runtime with a watchdog: a hang (a lost wakeup, a deadlock) fails the test with
/// a message instead of stalling the suite, and the runtime is always shut down.
/// </summary>
internal static class TestRuntime
{
    /// <summary>
    /// How long a test waits for its LWKT threads before it fails as hung: 30 s while no test of this process has hung,
    /// 3 s after one has. The first hang is the named failure that makes the run red; a planted lost wakeup hangs every
    /// seed of several tests, and at 30 s (plus 30 s for the shutdown) each the run went on for over eight minutes.
    /// </summary>
    public static TimeSpan Watchdog => Volatile.Read(ref s_hangSeen) ? AfterHang : FirstHang;

    private static readonly TimeSpan FirstHang = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AfterHang = TimeSpan.FromSeconds(3);
    private static bool s_hangSeen;

    /// <summary>Records a hang seen by a test's own timeout (a lost wakeup): later watchdogs of this process are short.</summary>
    public static void ReportHang() => Volatile.Write(ref s_hangSeen, true);

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
            Shutdown(rt);
        }
    }

    /// <summary>
    /// From an LWKT thread of <paramref name="rt"/>: spawns <paramref name="count"/> threads, thread i running
    /// <paramref name="body"/>(i) on CPU <paramref name="cpuOf"/>(i) (null: where the runtime puts it), all before
    /// any is joined, then joins them in order. A body's exception fails its join, hence the test.
    /// </summary>
    public static async ValueTask SpawnAndJoinAllAsync(LwktRuntime rt, int count, Func<int, ValueTask> body, Func<int, int>? cpuOf = null)
    {
        var threads = new LwktThread[count];
        for (int i = 0; i < count; i++)
        {
            int id = i;
            threads[i] = rt.Spawn(() => body(id), cpuOf?.Invoke(id));
        }

        foreach (LwktThread td in threads)
        {
            await td.JoinAsync();
        }
    }

    /// <summary>Disposes <paramref name="rt"/> within the watchdog, failing the test (a hang) when threads are still alive then.</summary>
    public static void Shutdown(LwktRuntime rt)
    {
        bool stopped = rt.Dispose(Watchdog);
        if (!stopped)
        {
            ReportHang();
        }

        Assert.True(stopped, $"runtime did not shut down: live={rt.LiveThreads}; " + string.Join("; ", rt.Cpus.Select(c => c.ToString())));
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
            ReportHang();
            Assert.Fail($"LWKT thread {td.Id} did not finish within {Watchdog.TotalSeconds} s (hang or lost wakeup)");
        }
    }
}
