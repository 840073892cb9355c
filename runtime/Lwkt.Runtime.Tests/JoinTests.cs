namespace Lwkt.Runtime.Tests;

/// <summary>
/// Joining is lock-free (one compare-exchange for the usual single joiner; a list, changed under its own lock, for
/// several): every joiner returns exactly when the thread has exited and sees its fault, whether it linked before
/// the exit, raced it, or came after.
/// </summary>
public class JoinTests
{
    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void Every_lwkt_joiner_returns_after_the_exit_and_sees_the_fault(int seed)
    {
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 3, DeterministicSeed = seed });
        int sawFault = 0;
        bool exited = false;
        rt.Run(async () =>
        {
            LwktThread target = rt.Spawn(
                async () =>
                {
                    for (int i = 0; i < 5; i++)
                    {
                        await LwktThread.YieldAsync();
                    }

                    exited = true;
                    throw new InvalidOperationException("target failed");
                },
                cpu: 1);
            var joiners = Enumerable.Range(0, 8).Select(j => rt.Spawn(
                async () =>
                {
                    for (int i = 0; i < j; i++)
                    {
                        await LwktThread.YieldAsync();
                    }

                    try
                    {
                        await target.JoinAsync();
                    }
                    catch (LwktThreadException e) when (e.InnerException is InvalidOperationException)
                    {
                        Assert.True(exited);
                        Interlocked.Increment(ref sawFault);
                    }
                },
                cpu: j % 3)).ToList();
            foreach (LwktThread j in joiners)
            {
                await j.JoinAsync();
            }
        });
        rt.Dispose();

        Assert.Equal(8, sawFault);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_join_rethrowing_as_is_throws_the_fault_itself_and_a_plain_join_wraps_it(bool joinWaits)
    {
        Exception? asIs = null;
        Exception? wrapped = null;
        TestRuntime.Run(1, async rt =>
        {
            LwktThread target = rt.Spawn(() => throw new InvalidOperationException("target failed"));
            if (!joinWaits)
            {
                // One CPU, FIFO: the yield lets the target run and exit first, so both joins take the path that does not wait.
                await LwktThread.YieldAsync();
            }

            try
            {
                await target.JoinRethrowingAsIsAsync();
            }
            catch (Exception e)
            {
                asIs = e;
            }

            try
            {
                await target.JoinAsync();
            }
            catch (Exception e)
            {
                wrapped = e;
            }
        });

        Assert.Equal("target failed", Assert.IsType<InvalidOperationException>(asIs).Message);
        Assert.IsType<InvalidOperationException>(Assert.IsType<LwktThreadException>(wrapped).InnerException);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_body_that_returns_a_completed_ValueTask_exits_with_its_outcome(bool faulted)
    {
        Exception? fault = null;
        LwktThread? target = null;
        TestRuntime.Run(1, async rt =>
        {
            // Neither body is an async method: the thread's start consumes the completed ValueTask it returns.
            target = rt.Spawn(() => faulted ? ValueTask.FromException(new InvalidOperationException("target failed")) : default);
            try
            {
                await target.JoinRethrowingAsIsAsync();
            }
            catch (Exception e)
            {
                fault = e;
            }
        });

        Assert.True(target!.IsExited);
        if (faulted)
        {
            Assert.Equal("target failed", Assert.IsType<InvalidOperationException>(fault).Message);
            Assert.Same(fault, target.Fault);
        }
        else
        {
            Assert.Null(fault);
            Assert.Null(target.Fault);
        }
    }

    [Fact]
    public void Os_thread_joiners_and_lwkt_joiners_all_return()
    {
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2 });
        try
        {
            for (int round = 0; round < 50; round++)
            {
                LwktThread target = rt.Spawn(
                    async () =>
                    {
                        for (int i = 0; i < 20; i++)
                        {
                            await LwktThread.YieldAsync();
                        }
                    },
                    cpu: round % 2);
                var lwktJoiners = Enumerable.Range(0, 3).Select(j => rt.Spawn(async () => await target.JoinAsync(), cpu: j % 2)).ToList();
                var returned = new bool[2];
                var osJoiners = Enumerable.Range(0, 2).Select(k => new Thread(() => returned[k] = target.Join(TestRuntime.Watchdog))).ToList();
                osJoiners.ForEach(t => t.Start());
                foreach (LwktThread j in lwktJoiners)
                {
                    TestRuntime.JoinWithin(j);
                }

                foreach (Thread t in osJoiners)
                {
                    Assert.True(t.Join(TestRuntime.Watchdog), $"an OS-thread joiner did not return (round {round})");
                }

                Assert.All(returned, Assert.True);

                Assert.True(target.IsExited);
            }
        }
        finally
        {
            Assert.True(rt.Dispose(TestRuntime.Watchdog));
        }
    }

    /// <summary>
    /// A body may return one of the thread's own blocking points instead of awaiting it (<c>Spawn(() => t.JoinAsync())</c>):
    /// nothing registers a continuation, so the wake resumes a thread with nothing to continue; the body's ValueTask
    /// is complete then and the thread exits with the join's outcome (it once restarted the body and failed with a
    /// NullReferenceException).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_body_that_returns_a_join_unawaited_exits_when_the_join_returns(bool targetFaults)
    {
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });
        try
        {
            LwktThread target = rt.Spawn(
                async () =>
                {
                    await LwktThread.YieldAsync();
                    await LwktThread.YieldAsync();
                    if (targetFaults)
                    {
                        throw new InvalidOperationException("target failed");
                    }
                },
                cpu: 0);
            LwktThread joiner = rt.Spawn(() => target.JoinAsync(), cpu: 0);
            Assert.True(WaitForExit(target), "the target did not finish");
            Assert.True(WaitForExit(joiner), "the joiner did not finish");

            if (targetFaults)
            {
                // The joiner's fault is the join's: the target's exception, wrapped once by the join.
                var join = Assert.IsType<LwktThreadException>(joiner.Fault);
                Assert.Equal(target.Id, join.ThreadId);
                Assert.IsType<InvalidOperationException>(join.InnerException);
            }
            else
            {
                Assert.Null(joiner.Fault);
            }
        }
        finally
        {
            Assert.True(rt.Dispose(TestRuntime.Watchdog));
        }
    }

    /// <summary>Joins from this OS thread within the watchdog, whatever the thread's fault (read it from <see cref="LwktThread.Fault"/>).</summary>
    private static bool WaitForExit(LwktThread td)
    {
        try
        {
            return td.Join(TestRuntime.Watchdog);
        }
        catch (LwktThreadException)
        {
            return true;
        }
    }

    /// <summary>The same for a yield returned unawaited: the thread exits after it runs again.</summary>
    [Fact]
    public void A_body_that_returns_a_yield_unawaited_exits_after_it_runs_again()
    {
        TestRuntime.Run(1, async rt =>
        {
            LwktThread yielder = rt.Spawn(static () => LwktThread.YieldAsync(), cpu: 0);
            await yielder.JoinAsync();
            Assert.Null(yielder.Fault);
        });
    }
}
