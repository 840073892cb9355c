namespace Lwkt.Runtime.Tests;

/// <summary>
/// A continuation posted to an LWKT thread's context while the thread is not in a foreign wait (a second flow: an async
/// call that outlived its await) never runs beside the thread or off the runtime: it is queued, as a reply to a thread
/// port that is not waiting is, and runs as the thread, on its CPU, with its tokens, when the thread next waits for a
/// foreign completion; if the thread exits first, it runs as a new LWKT thread on the same CPU.
/// </summary>
public class PostedContinuationTests
{
    [Fact]
    public void A_continuation_posted_while_the_thread_is_busy_runs_as_the_thread_at_its_next_foreign_wait()
    {
        TestRuntime.Run(2, async rt =>
        {
            LwktThread me = LwktThread.Current!;
            VirtualCpu cpu = VirtualCpu.Current!;
            var token = new Token("held by the thread");
            await token.AcquireAsync();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            LwktThread? sideThread = null;
            VirtualCpu? sideCpu = null;
            bool sideHeldToken = false;
            bool mainRunning = true;
            bool overlapped = false;

            async Task SideAsync()
            {
                await gate.Task;
                overlapped = Volatile.Read(ref mainRunning);
                sideThread = LwktThread.Current;
                sideCpu = VirtualCpu.Current;
                sideHeldToken = LwktThread.Holds(token);
            }

            Task side = SideAsync();

            // Completed by this thread itself: the continuation is posted now, and arrives while the thread is runnable
            // (it yields) — not in a foreign wait. Nothing here depends on timing.
            gate.SetResult();
            await LwktThread.YieldAsync();
            await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(1));
            Assert.Null(sideThread);
            Volatile.Write(ref mainRunning, false);

            // The foreign wait: now the queued continuation runs, as this thread.
            await side;
            Assert.False(overlapped, "the posted continuation ran while the thread's own flow was running");
            Assert.Same(me, sideThread);
            Assert.Same(cpu, sideCpu);
            Assert.True(sideHeldToken, "the posted continuation ran without the thread's tokens");
            Assert.Same(me, LwktThread.Current);
            Assert.True(LwktThread.Holds(token));
            token.Release();
        });
    }

    [Fact]
    public void A_continuation_that_outlives_its_thread_runs_as_a_new_lwkt_thread_on_the_same_cpu()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LwktThread? owner = null;
        LwktThread? ranAs = null;
        VirtualCpu? ranOn = null;
        using var ran = new ManualResetEventSlim();
        TestRuntime.Run(2, async rt =>
        {
            LwktThread td = rt.Spawn(
                () =>
                {
                    owner = LwktThread.Current;
                    _ = SideAsync();
                    return default;
                },
                cpu: 1);
            await td.JoinAsync();
            Assert.True(td.IsExited);

            // The owner has exited; the continuation is posted to it now (from this thread, on the other CPU).
            gate.SetResult();
            while (!ran.IsSet)
            {
                await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(1));
            }
        });

        Assert.NotNull(ranAs);
        Assert.NotSame(owner, ranAs);
        Assert.Equal(1, ranOn!.Id);

        async Task SideAsync()
        {
            await gate.Task;
            ranAs = LwktThread.Current;
            ranOn = VirtualCpu.Current;
            ran.Set();
        }
    }
}
