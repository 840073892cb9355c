using System.Diagnostics;

namespace Lwkt.Runtime.Tests;

/// <summary>
/// The scheduling rules of docs/scheduler.md, each in a test that fails when the rule is broken: time slices read from
/// the clock at preemption points, wake preemption (need_lwkt_resched), direct hand-off with an inherited slice, and
/// IPIs and timers serviced at preemption points. Seeded runs spend virtual time for CPU work, so their bounds are exact
/// and no load on the machine can break them; the one real-time test asserts an order, not a duration.
/// </summary>
public class TimeSliceTests
{
    private static readonly TimeSpan Slice = TimeSpan.FromMicroseconds(100);
    private static readonly TimeSpan HogStep = TimeSpan.FromMicroseconds(10);

    private static LwktRuntime Seeded(int seed, TimeSpan slice) =>
        new(new LwktRuntimeOptions { Cpus = 1, DeterministicSeed = seed, TimeSlice = slice });

    private static TimeSpan Elapsed(long fromTicks, long toTicks) =>
        TimeSpan.FromSeconds((toTicks - fromTicks) / (double)Stopwatch.Frequency);

    /// <summary>
    /// A CPU-bound thread calling MaybeYieldAsync between 10 µs steps wakes a thread of its own priority: the woken
    /// thread runs within one slice of the first preemption point that saw it, not when the hog is done.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void A_cpu_bound_thread_lets_a_woken_equal_thread_run_within_one_slice(int seed)
    {
        using LwktRuntime rt = Seeded(seed, Slice);
        var ident = new object();
        long wokenAt = 0;
        long ranAt = 0;
        rt.Run(async () =>
        {
            LwktThread sleeper = rt.Spawn(async () =>
            {
                await SleepQueue.SleepAsync(ident);
                ranAt = rt.NowTicks;
            });
            LwktThread hog = rt.Spawn(async () =>
            {
                for (int i = 0; i < 3000; i++)
                {
                    rt.SpendVirtualTime(HogStep);
                    if (i == 50)
                    {
                        wokenAt = rt.NowTicks;
                        SleepQueue.Wakeup(ident);
                    }

                    await LwktThread.MaybeYieldAsync();
                }
            });
            await sleeper.JoinAsync();
            await hog.JoinAsync();
        });

        Assert.NotEqual(0, ranAt);
        TimeSpan delay = Elapsed(wokenAt, ranAt);
        Assert.True(delay <= Slice + (2 * HogStep), $"woken thread waited {delay.TotalMicroseconds} µs behind the hog (slice {Slice.TotalMicroseconds} µs)");
    }

    /// <summary>
    /// Priorities stay strict: with a slice far longer than the run, a woken thread of higher priority still runs at
    /// the hog's very next preemption point (need_lwkt_resched), while one of equal priority waits for the slice.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_higher_priority_wake_preempts_at_the_next_preemption_point_an_equal_one_waits_for_the_slice(bool higher)
    {
        using LwktRuntime rt = Seeded(3, TimeSpan.FromSeconds(10));
        var ident = new object();
        int hogIteration = 0;
        int seenByWoken = -1;
        rt.Run(async () =>
        {
            LwktThread.SetPriority(Priority.Max);
            LwktThread woken = rt.Spawn(
                async () =>
                {
                    await SleepQueue.SleepAsync(ident);
                    seenByWoken = hogIteration;
                },
                cpu: 0,
                priority: higher ? Priority.Default + 4 : Priority.Default);
            LwktThread hog = rt.Spawn(
                async () =>
                {
                    for (hogIteration = 0; hogIteration < 1000; hogIteration++)
                    {
                        rt.SpendVirtualTime(HogStep);
                        if (hogIteration == 100)
                        {
                            SleepQueue.Wakeup(ident);
                        }

                        await LwktThread.MaybeYieldAsync();
                    }
                },
                cpu: 0,
                priority: Priority.Default);
            await woken.JoinAsync();
            await hog.JoinAsync();
        });

        Assert.Equal(higher ? 100 : 1000, seenByWoken);
    }

    /// <summary>
    /// The running thread wakes a thread and then blocks: the woken thread runs next, ahead of a thread that was queued
    /// before it (Go's runnext), because the slice it inherits is not used up.
    /// </summary>
    [Fact]
    public void The_woken_thread_runs_next_when_its_waker_blocks()
    {
        using LwktRuntime rt = Seeded(5, Slice);
        var ident = new object();
        var order = new List<string>();
        rt.Run(async () =>
        {
            LwktThread server = rt.Spawn(async () =>
            {
                await SleepQueue.SleepAsync(ident);
                order.Add("woken");
            });
            await LwktThread.YieldAsync();
            LwktThread queued = rt.Spawn(() =>
            {
                order.Add("queued");
                return default;
            });
            SleepQueue.Wakeup(ident);
            await server.JoinAsync();
            await queued.JoinAsync();
        });

        Assert.Equal(["woken", "queued"], order);
        Assert.True(rt.Cpus[0].HandOffs >= 1);
    }

    /// <summary>
    /// A ping-pong pair handing the CPU back and forth cannot starve a hog of its priority: the inherited slice runs
    /// out, the pair goes behind the hog, and the hog gets about half the CPU. The pair still hands off on most trips.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(11)]
    public void A_hand_off_pair_leaves_the_hog_its_share(int seed)
    {
        const int RoundTrips = 5000;
        const int HogStepsAtMost = 1_000_000;
        TimeSpan work = TimeSpan.FromMicroseconds(1);
        using LwktRuntime rt = Seeded(seed, Slice);
        MessagePort port = MessagePort.CreateSpinPort();
        bool done = false;
        bool hogGaveUp = false;
        long hogTicks = 0;
        long start = 0;
        long end = 0;
        rt.Run(async () =>
        {
            LwktThread server = rt.Spawn(async () =>
            {
                while (true)
                {
                    Message m = await port.WaitPortAsync();
                    rt.SpendVirtualTime(work);
                    bool last = m.Result < 0;
                    m.Reply();
                    if (last)
                    {
                        return;
                    }
                }
            });
            LwktThread hog = rt.Spawn(async () =>
            {
                // Bounded, so a scheduler that starves the pair fails the test instead of hanging it.
                for (int i = 0; i < HogStepsAtMost && !Volatile.Read(ref done); i++)
                {
                    rt.SpendVirtualTime(HogStep);
                    hogTicks += VirtualCpu.ToTicks(HogStep);
                    await LwktThread.MaybeYieldAsync();
                }

                hogGaveUp = !Volatile.Read(ref done);
            });
            LwktThread client = rt.Spawn(async () =>
            {
                var msg = new Message();
                start = rt.NowTicks;
                for (int i = 0; i <= RoundTrips; i++)
                {
                    msg.Init(LwktThread.Current!.Port);
                    msg.Result = i == RoundTrips ? -1 : i;
                    rt.SpendVirtualTime(work);
                    await port.SendAndWaitAsync(msg);
                }

                end = rt.NowTicks;
                done = true;
            });
            await client.JoinAsync();
            await server.JoinAsync();
            await hog.JoinAsync();
        });

        Assert.False(hogGaveUp, "the pair made no progress while the hog ran");
        double share = hogTicks / (double)(end - start);
        Assert.True(share >= 0.3, $"the hog got {share:P0} of the CPU next to a hand-off pair");
        Assert.True(rt.Cpus[0].HandOffs >= RoundTrips, $"only {rt.Cpus[0].HandOffs} hand-offs in {RoundTrips} round trips");
    }

    /// <summary>
    /// Two threads share a CPU through preemption points only, first between short steps (0.1 µs), then between long ones
    /// (10 µs). In the short phase the slice clock is read at a small fraction of the calls (the period grows); once the
    /// pace drops the period follows it, so after the turn the drop fell in, no turn outlasts the slice by more than a
    /// few long steps. Seeded: virtual time, exact bounds.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(13)]
    public void Preemption_points_read_the_slice_clock_at_a_fraction_of_calls_and_follow_a_drop_in_their_pace(int seed)
    {
        TimeSpan slice = TimeSpan.FromMilliseconds(1);
        TimeSpan shortStep = TimeSpan.FromTicks(1);
        TimeSpan longStep = TimeSpan.FromMicroseconds(10);
        const int ShortCalls = 100_000;
        const int LongCalls = 2_000;
        using LwktRuntime rt = Seeded(seed, slice);
        long shortPhaseReads = 0;
        int shortPhaseCalls = 0;
        int shortDone = 0;
        long phaseChangeAt = 0;
        var turns = new List<(long Start, long End)>();
        LwktThread? running = null;
        long turnStart = 0;

        void Note(LwktThread self)
        {
            if (running != self)
            {
                long now = rt.NowTicks;
                if (running is not null)
                {
                    turns.Add((turnStart, now));
                }

                running = self;
                turnStart = now;
            }
        }

        async ValueTask Run()
        {
            LwktThread self = LwktThread.Current!;
            for (int i = 0; i < ShortCalls; i++)
            {
                Note(self);
                rt.SpendVirtualTime(shortStep);
                shortPhaseCalls++;
                await LwktThread.MaybeYieldAsync();
            }

            if (++shortDone == 2)
            {
                shortPhaseReads = rt.Cpus[0].PreemptClockReads;
                phaseChangeAt = rt.NowTicks;
            }

            for (int i = 0; i < LongCalls; i++)
            {
                Note(self);
                rt.SpendVirtualTime(longStep);
                await LwktThread.MaybeYieldAsync();
            }
        }

        rt.Run(async () =>
        {
            LwktThread a = rt.Spawn(Run);
            LwktThread b = rt.Spawn(Run);
            await a.JoinAsync();
            await b.JoinAsync();
        });

        Assert.True(shortPhaseReads * 16 <= shortPhaseCalls,
            $"{shortPhaseReads} clock reads in {shortPhaseCalls} preemption points 0.1 µs apart");
        TimeSpan bound = slice + (3 * longStep);
        var late = turns.Where(t => t.Start > phaseChangeAt + VirtualCpu.ToTicks(2 * slice)).ToList();
        Assert.True(late.Count >= 5, $"only {late.Count} turns after the pace dropped");
        TimeSpan longest = late.Max(t => Elapsed(t.Start, t.End));
        Assert.True(longest <= bound, $"a turn at 10 µs a call lasted {longest.TotalMicroseconds} µs (slice {slice.TotalMicroseconds} µs)");
    }

    /// <summary>A timer that falls due while a hog runs is fired at its preemption point (splz), not at its exit.</summary>
    [Fact]
    public void A_timer_due_while_a_hog_runs_wakes_its_thread_within_one_slice()
    {
        using LwktRuntime rt = Seeded(9, Slice);
        TimeSpan nap = TimeSpan.FromMicroseconds(50);
        long due = 0;
        long ranAt = 0;
        rt.Run(async () =>
        {
            LwktThread sleeper = rt.Spawn(async () =>
            {
                due = rt.NowTicks + VirtualCpu.ToTicks(nap);
                await LwktThread.SleepAsync(nap);
                ranAt = rt.NowTicks;
            });
            await LwktThread.YieldAsync();
            LwktThread hog = rt.Spawn(async () =>
            {
                for (int i = 0; i < 3000; i++)
                {
                    rt.SpendVirtualTime(HogStep);
                    await LwktThread.MaybeYieldAsync();
                }
            });
            await sleeper.JoinAsync();
            await hog.JoinAsync();
        });

        TimeSpan late = Elapsed(due, ranAt);
        Assert.True(late <= Slice + (2 * HogStep), $"the sleeper woke {late.TotalMicroseconds} µs after its deadline");
    }

    /// <summary>
    /// A message from another CPU to a high-priority thread reaches it while a low-priority hog runs: the hog's
    /// preemption point runs the IPI and the wake requests a reschedule, although the slice (10 s) is far from used.
    /// Asserts an order (every call answered before the hog ran out of steps), never a duration.
    /// </summary>
    [Fact]
    public void Ipis_are_serviced_at_preemption_points_and_a_woken_higher_thread_preempts()
    {
        const int Calls = 100;
        const int HogSteps = 2_000_000;
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2, TimeSlice = TimeSpan.FromSeconds(10) });
        int answered = 0;
        int hogSteps = 0;
        bool done = false;
        try
        {
            LwktThread server = rt.Spawn(
                async () =>
                {
                    MessagePort port = LwktThread.Current!.Port;
                    for (int i = 0; i < Calls; i++)
                    {
                        Message m = await port.WaitPortAsync();
                        m.Reply();
                    }
                },
                cpu: 0,
                priority: Priority.Max);
            LwktThread hog = rt.Spawn(
                async () =>
                {
                    while (!Volatile.Read(ref done) && hogSteps < HogSteps)
                    {
                        Thread.SpinWait(20);
                        hogSteps++;
                        await LwktThread.MaybeYieldAsync();
                    }
                },
                cpu: 0,
                priority: Priority.Default);
            LwktThread client = rt.Spawn(
                async () =>
                {
                    var msg = new Message();
                    for (int i = 0; i < Calls; i++)
                    {
                        msg.Init(LwktThread.Current!.Port);
                        await server.Port.SendAndWaitAsync(msg);
                        answered++;
                    }

                    int stepsThen = Volatile.Read(ref hogSteps);
                    Volatile.Write(ref done, true);
                    Assert.True(stepsThen < HogSteps, "the calls were answered only after the hog ran out of steps");
                },
                cpu: 1);
            TestRuntime.JoinWithin(client);
            TestRuntime.JoinWithin(hog);
            TestRuntime.JoinWithin(server);
        }
        finally
        {
            Volatile.Write(ref done, true);
            Assert.True(rt.Dispose(TestRuntime.Watchdog));
        }

        Assert.Equal(Calls, answered);
    }
}
