using Lwkt.Runtime;

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
}
