namespace Lwkt.Runtime.Tests;

/// <summary>
/// Placement (docs/scheduler.md, "Placement"): threads that message each other end up on one CPU (wake affinity), an
/// idle CPU's work requests do not split them again, and CPU-bound threads still spread over the CPUs. The outcomes
/// asserted follow from the rule, not from timing: a loaded host changes when they happen, not whether.
/// </summary>
/// <remarks>
/// Alone, not beside other test classes: placement follows who wakes whom and when a CPU goes idle, and with the test
/// classes of this assembly running beside it under a one-core hog, the trio test once counted 9 migrations after it
/// settled where it allows 6 (.ci/run, stop 32; 8 whole-assembly runs under the hog passed).
/// </remarks>
[Collection(nameof(PlacementTests))]
[CollectionDefinition(nameof(PlacementTests), DisableParallelization = true)]
public class PlacementTests
{
    private const int Stages = 4;

    /// <summary>Messages circulating in the ring at once: enough that several stages are queued together.</summary>
    private const int Window = 16;

    /// <summary>
    /// A ring of <see cref="Stages"/> threads spawned alternately on CPU 0 and 1 (movable), passing
    /// <see cref="Window"/> messages around <paramref name="rounds"/> times, as the pipeline workload does. Returns the
    /// CPU each stage ran on two windows before the end.
    /// </summary>
    private static int[] RunRing(LwktRuntime rt, int rounds)
    {
        MessagePort oneWay = MessagePort.CreateReplyOnlyPort();
        var ports = Enumerable.Range(0, Stages).Select(_ => MessagePort.CreateSpinPort()).ToArray();
        var lastCpu = new int[Stages];
        long total = (long)rounds * Window;
        var stages = Enumerable.Range(0, Stages).Select(k => rt.Spawn(async () =>
        {
            MessagePort next = ports[(k + 1) % Stages];
            if (k == 0)
            {
                for (int i = 0; i < Window; i++)
                {
                    Forward(new Message(oneWay), oneWay, next);
                }
            }

            for (long got = 0; got < total; got++)
            {
                (await ports[k].WaitPortAsync()).Reply();
                if (got == total - (2 * Window))
                {
                    // Where it runs while the ring still flows: at the end, with the other stages gone, an idle CPU may
                    // well take a lone stage 0 draining the last window.
                    lastCpu[k] = VirtualCpu.Current!.Id;
                }

                // Stage 0 takes the last window out of the ring instead of sending it around again.
                if (k != 0 || got < total - Window)
                {
                    Forward(new Message(oneWay), oneWay, next);
                }
            }
        }, cpu: k % 2, migratable: true)).ToList();
        foreach (LwktThread td in stages)
        {
            Assert.True(td.Join(TestRuntime.Watchdog), "the ring hung");
        }

        return lastCpu;
    }

    private static void Forward(Message msg, MessagePort oneWay, MessagePort next)
    {
        msg.Init(oneWay);
        next.Send(msg);
    }

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void A_ring_of_threads_messaging_each_other_ends_up_on_one_cpu_seeded(int seed)
    {
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2, DeterministicSeed = seed });
        int[] lastCpu = RunRing(rt, rounds: 40);
        rt.Dispose();
        Assert.True(lastCpu.All(c => c == lastCpu[0]), $"seed {seed}: stages ended on CPUs {string.Join(",", lastCpu)}");
    }

    /// <summary>
    /// The ring on live workers. Timing-dependent, so stress only: under a one-core CPU hog it ended split (1,0,1,1 or
    /// 1,1,0,0 at the sampled moment) in 1 of 8 Release and 2 of 6 Debug runs, as a host that takes a worker's CPU away
    /// lengthens the queues the rule compares. The seeded test above holds the rule itself.
    /// </summary>
    [StressFact]
    public void A_ring_of_threads_messaging_each_other_ends_up_on_one_cpu()
    {
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2 });
        try
        {
            int[] lastCpu = RunRing(rt, rounds: 500);
            Assert.True(lastCpu.All(c => c == lastCpu[0]), $"stages ended on CPUs {string.Join(",", lastCpu)}");
        }
        finally
        {
            Assert.True(rt.Dispose(TestRuntime.Watchdog), "the runtime did not stop");
        }
    }

    /// <summary>
    /// A producer on CPU 0 sends each round one message to each of two consumers on CPU 1 and waits for both replies;
    /// the first consumer it wakes is displaced from the hand-off slot by the second, so it waits on the run queue, where
    /// an idle CPU's work request would find it. A pinned thread on each CPU sleeps 50 µs at a time, so the CPU without
    /// the trio goes idle and asks for work again and again. Once the trio lives on one CPU, each thread may still be
    /// pulled once while it is not wake-affine (one that stayed where its partners came) and come back affine: at most
    /// two migrations each; without the affinity kept, the idle CPU pulls a consumer at every chance and it comes back.
    /// "Settled" means the producer found all three on its CPU for 200 rounds in a row, not once: under a one-core CPU
    /// hog (.ci/run's flake check) the test once counted 9 migrations after the first round that found the three
    /// together, where 6 are allowed: a single round together is not yet a settled trio.
    /// </summary>
    [Fact]
    public void A_trio_that_settled_on_one_cpu_is_not_split_by_the_idle_cpus_work_requests()
    {
        const int Rounds = 20_000;
        const int SettledRounds = 200;
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2 });
        long settled = -1, end = 0;
        int together = 0;
        int[] lastCpu = [-1, -1, -1];
        try
        {
            MessagePort oneWay = MessagePort.CreateReplyOnlyPort();
            MessagePort[] ports = [MessagePort.CreateSpinPort(), MessagePort.CreateSpinPort(), MessagePort.CreateSpinPort()];
            var trio = new LwktThread[3];
            bool done = false;
            var tickers = Enumerable.Range(0, 2).Select(c => rt.Spawn(async () =>
            {
                while (!Volatile.Read(ref done))
                {
                    await LwktThread.SleepAsync(TimeSpan.FromMicroseconds(50));
                }
            }, cpu: c)).ToList();
            trio[1] = rt.Spawn(() => ConsumeAsync(1), cpu: 1, migratable: true);
            trio[2] = rt.Spawn(() => ConsumeAsync(2), cpu: 1, migratable: true);
            trio[0] = rt.Spawn(async () =>
            {
                for (int r = 0; r < Rounds; r++)
                {
                    Forward(new Message(oneWay), oneWay, ports[1]);
                    Forward(new Message(oneWay), oneWay, ports[2]);
                    (await ports[0].WaitPortAsync()).Reply();
                    (await ports[0].WaitPortAsync()).Reply();
                    together = trio.All(td => td.Cpu == VirtualCpu.Current) ? together + 1 : 0;
                    if (settled < 0 && together == SettledRounds)
                    {
                        settled = rt.Counters.Migrations;
                    }
                }

                lastCpu[0] = VirtualCpu.Current!.Id;
            }, cpu: 0, migratable: true);
            foreach (LwktThread td in trio)
            {
                Assert.True(td.Join(TestRuntime.Watchdog), "the trio hung");
            }

            end = rt.Counters.Migrations;
            Volatile.Write(ref done, true);
            foreach (LwktThread td in tickers)
            {
                Assert.True(td.Join(TestRuntime.Watchdog), "a ticker hung");
            }

            async ValueTask ConsumeAsync(int k)
            {
                for (int r = 0; r < Rounds; r++)
                {
                    (await ports[k].WaitPortAsync()).Reply();
                    Forward(new Message(oneWay), oneWay, ports[0]);
                }

                lastCpu[k] = VirtualCpu.Current!.Id;
            }
        }
        finally
        {
            Assert.True(rt.Dispose(TestRuntime.Watchdog), "the runtime did not stop");
        }

        Assert.True(settled >= 0, "the trio never lived on one CPU");
        Assert.True(lastCpu.All(c => c == lastCpu[0]), $"the trio ended on CPUs {string.Join(",", lastCpu)}");
        Assert.True(end - settled <= 2 * 3, $"{end - settled} migrations after the trio settled on one CPU ({settled} before)");
    }

    [Fact]
    public void Two_threads_that_talked_then_turn_cpu_bound_end_up_on_two_cpus()
    {
        int[] talkedOn = [-1, -1];
        int[] cpuOf = [-1, -1];
        bool apart = false;
        TestRuntime.Run(2, async rt =>
        {
            MessagePort oneWay = MessagePort.CreateReplyOnlyPort();
            MessagePort[] ports = [MessagePort.CreateSpinPort(), MessagePort.CreateSpinPort()];
            var threads = Enumerable.Range(0, 2).Select(k => rt.Spawn(async () =>
            {
                // First a conversation from CPU 0 to CPU 1 and back: the pair moves onto one CPU, wake-affine there.
                for (int i = 0; i < 100; i++)
                {
                    if (k == 0)
                    {
                        Forward(new Message(oneWay), oneWay, ports[1]);
                    }

                    (await ports[k].WaitPortAsync()).Reply();
                    if (k == 1)
                    {
                        Forward(new Message(oneWay), oneWay, ports[0]);
                    }
                }

                talkedOn[k] = VirtualCpu.Current!.Id;

                // Then CPU-bound work with preemption points: each yields at the end of its slice, which ends its wake
                // affinity, and the idle CPU's work request takes one of them.
                while (!Volatile.Read(ref apart))
                {
                    Thread.SpinWait(1000);
                    int mine = VirtualCpu.Current!.Id;
                    Volatile.Write(ref cpuOf[k], mine);
                    int other = Volatile.Read(ref cpuOf[1 - k]);
                    if (other >= 0 && other != mine)
                    {
                        Volatile.Write(ref apart, true);
                    }

                    await LwktThread.MaybeYieldAsync();
                }
            }, cpu: k, migratable: true)).ToList();
            foreach (LwktThread td in threads)
            {
                await td.JoinAsync();
            }
        });

        Assert.True(talkedOn[0] == talkedOn[1], $"the conversation ended on CPUs {talkedOn[0]} and {talkedOn[1]}");
        Assert.True(apart);
    }
}
