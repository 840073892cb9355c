using System.Collections.Concurrent;

namespace Lwkt.Runtime.Tests;

public class SchedulerTests
{
    [Fact]
    public void Threads_run_in_strict_priority_order()
    {
        var order = new List<int>();
        TestRuntime.Run(1, async rt =>
        {
            // The root runs at the top priority, so every spawned thread waits on CPU 0's queue until it blocks.
            LwktThread.SetPriority(Priority.Max);
            var threads = new List<LwktThread>();
            foreach (int pri in new[] { 3, 20, 7, 30, 12, 1, 25 })
            {
                threads.Add(rt.Spawn(() => { order.Add(pri); return default; }, cpu: 0, priority: pri));
            }

            foreach (LwktThread td in threads)
            {
                await td.JoinAsync();
            }
        });

        Assert.Equal(new[] { 30, 25, 20, 12, 7, 3, 1 }, order);
    }

    [Fact]
    public void Equal_priorities_round_robin_on_yield()
    {
        var trace = new List<char>();
        TestRuntime.Run(1, async rt =>
        {
            LwktThread.SetPriority(Priority.Max);
            var threads = "ABC".Select(name => rt.Spawn(async () =>
            {
                for (int i = 0; i < 4; i++)
                {
                    trace.Add(name);
                    await LwktThread.YieldAsync();
                }
            }, cpu: 0)).ToList();
            foreach (LwktThread td in threads)
            {
                await td.JoinAsync();
            }
        });

        Assert.Equal("ABCABCABCABC", new string([.. trace]));
    }

    [Fact]
    public void The_published_movable_count_is_the_queues_after_every_yield()
    {
        // A movable and a pinned thread yield in turn on one CPU: while the movable one runs, the queue holds the pinned
        // one (0 movable); while the pinned one runs, it holds the movable one (1). A yield stores nothing until the step
        // that follows has dequeued the next thread, and that step publishes what the queue then holds.
        var seen = new List<(char Thread, int Movable)>();
        TestRuntime.Run(1, async rt =>
        {
            LwktThread.SetPriority(Priority.Max);
            LwktThread movable = rt.Spawn(() => YieldAndLook('M'), cpu: 0, migratable: true);
            LwktThread pinned = rt.Spawn(() => YieldAndLook('P'), cpu: 0);
            await movable.JoinAsync();
            await pinned.JoinAsync();
        });

        // The last look is the pinned thread's, after the movable one has exited: nothing is queued then.
        Assert.Equal(8, seen.Count);
        Assert.All(seen[..^1], s => Assert.Equal(s.Thread == 'M' ? 0 : 1, s.Movable));
        Assert.Equal(('P', 0), seen[^1]);

        async ValueTask YieldAndLook(char name)
        {
            for (int i = 0; i < 4; i++)
            {
                await LwktThread.YieldAsync();
                seen.Add((name, LwktThread.Current!.Cpu.MovableCount));
            }
        }
    }

    [Fact]
    public void A_yield_through_an_outside_awaiter_round_robins_and_resumes_as_its_own_thread()
    {
        var trace = new List<char>();
        var resumedAs = new List<bool>();
        TestRuntime.Run(1, async rt =>
        {
            LwktThread.SetPriority(Priority.Max);
            var threads = "ABC".Select(name => rt.Spawn(async () =>
            {
                LwktThread me = LwktThread.Current!;
                for (int i = 0; i < 4; i++)
                {
                    trace.Add(name);
                    if (name == 'B')
                    {
                        await LwktThread.YieldAsync();
                    }
                    else if (name == 'C')
                    {
                        await default(OutsideCallerYield);
                    }
                    else
                    {
                        await new OutsideYield(me);
                    }

                    resumedAs.Add(LwktThread.Current == me);
                }
            }, cpu: 0)).ToList();
            foreach (LwktThread td in threads)
            {
                await td.JoinAsync();
            }
        });

        Assert.Equal("ABCABCABCABC", new string([.. trace]));
        Assert.Equal(12, resumedAs.Count);
        Assert.All(resumedAs, Assert.True);
    }

    [Fact]
    public void A_yield_through_an_outside_awaiter_for_a_thread_that_is_not_running_throws()
    {
        Exception? thrown = null;
        TestRuntime.Run(1, async rt =>
        {
            LwktThread other = rt.Spawn(() => default, cpu: 0);
            thrown = Record.Exception(() => other.YieldThen(() => { }));
            await other.JoinAsync();
        });

        Assert.IsType<InvalidOperationException>(thrown);
    }

    [Fact]
    public void A_yield_through_an_outside_awaiter_without_its_thread_throws_outside_an_lwkt_thread()
    {
        Exception? thrown = Record.Exception(() => LwktThread.YieldCurrentThen(() => { }));

        Assert.IsType<InvalidOperationException>(thrown);
    }

    /// <summary>An awaiter of another library: always pending, it yields its thread through <see cref="LwktThread.YieldThen"/>.</summary>
    private readonly struct OutsideYield(LwktThread thread) : System.Runtime.CompilerServices.ICriticalNotifyCompletion
    {
        public OutsideYield GetAwaiter() => this;

        public bool IsCompleted => false;

        public void UnsafeOnCompleted(Action continuation) => thread.YieldThen(continuation);

        public void OnCompleted(Action continuation) => thread.YieldThen(continuation);

        public void GetResult()
        {
        }
    }

    /// <summary>As <see cref="OutsideYield"/>, holding no thread: it yields the caller's (<see cref="LwktThread.YieldCurrentThen"/>).</summary>
    private readonly struct OutsideCallerYield : System.Runtime.CompilerServices.ICriticalNotifyCompletion
    {
        public OutsideCallerYield GetAwaiter() => this;

        public bool IsCompleted => false;

        public void UnsafeOnCompleted(Action continuation) => LwktThread.YieldCurrentThen(continuation);

        public void OnCompleted(Action continuation) => LwktThread.YieldCurrentThen(continuation);

        public void GetResult()
        {
        }
    }

    [Fact]
    public void A_higher_priority_thread_made_runnable_runs_before_equal_ones_after_a_yield()
    {
        var trace = new List<string>();
        TestRuntime.Run(1, async rt =>
        {
            LwktThread low = rt.Spawn(async () =>
            {
                trace.Add("low1");
                await LwktThread.YieldAsync();
                trace.Add("low2");
            }, cpu: 0, priority: Priority.UserNormal);
            LwktThread high = rt.Spawn(() => { trace.Add("high"); return default; }, cpu: 0, priority: Priority.Max);
            await low.JoinAsync();
            await high.JoinAsync();
        });

        Assert.Equal("high", trace[0]);
        Assert.Equal(["high", "low1", "low2"], trace);
    }

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void No_schedule_is_lost_between_deschedule_and_switch(int seed)
    {
        foreach (bool crossCpu in new[] { false, true })
        {
            const int rounds = 2000;
            var ident = new object();
            int flag = 0;
            TestRuntime.Run(2, async rt =>
            {
                var rnd = new Random(seed);
                LwktThread sleeper = rt.Spawn(async () =>
                {
                    for (int i = 0; i < rounds; i++)
                    {
                        // Interlock, publish, then sleep: a wake in between must not be lost.
                        SleepQueue.Interlock(ident);
                        Volatile.Write(ref flag, 1);
                        await SleepQueue.SleepAsync(ident, null, interlocked: true);
                    }
                }, cpu: 0);
                LwktThread waker = rt.Spawn(async () =>
                {
                    for (int i = 0; i < rounds; i++)
                    {
                        while (Interlocked.CompareExchange(ref flag, 0, 1) != 1)
                        {
                            await LwktThread.YieldAsync();
                        }

                        if (rnd.Next(4) == 0)
                        {
                            await LwktThread.YieldAsync();
                        }

                        // The sleeper interlocked before raising the flag, so this wakeup cannot miss it.
                        SleepQueue.Wakeup(ident);
                    }
                }, cpu: crossCpu ? 1 : 0);
                await sleeper.JoinAsync();
                await waker.JoinAsync();
            });
        }
    }

    [Fact]
    public void Critical_sections_defer_ipis_until_exit()
    {
        int handled = 0;
        int sent = 0;
        int inSection = 0;
        bool handledInsideSection = false;
        TestRuntime.Run(2, async rt =>
        {
            VirtualCpu cpu0 = rt.Cpus[0];
            LwktThread holder = rt.Spawn(async () =>
            {
                CriticalSection.Enter();
                Assert.Equal(1, CriticalSection.Depth);
                Volatile.Write(ref inSection, 1);
                while (Volatile.Read(ref sent) == 0)
                {
                    await LwktThread.YieldAsync();
                }

                for (int i = 0; i < 200; i++)
                {
                    await LwktThread.YieldAsync();
                    handledInsideSection |= Volatile.Read(ref handled) != 0;
                }

                Assert.Equal(1, CriticalSection.Depth);
                CriticalSection.Exit();
                while (Volatile.Read(ref handled) == 0)
                {
                    await LwktThread.YieldAsync();
                }
            }, cpu: 0);
            LwktThread sender = rt.Spawn(async () =>
            {
                while (Volatile.Read(ref inSection) == 0)
                {
                    await LwktThread.YieldAsync();
                }

                VirtualCpu.Current!.SendIpi(cpu0, static (_, _) => { }, null, 0);
                VirtualCpu.Current!.SendIpi(cpu0, (_, _) => Volatile.Write(ref handled, 1), null, 0);
                Volatile.Write(ref sent, 1);
            }, cpu: 1);
            await sender.JoinAsync();
            await holder.JoinAsync();
        });

        Assert.False(handledInsideSection, "an IPI ran while the only runnable thread was in a critical section");
        Assert.Equal(1, handled);
    }

    [Fact]
    public void Critical_section_exit_without_enter_throws()
    {
        TestRuntime.Run(1, _ =>
        {
            Assert.Throws<InvalidOperationException>(CriticalSection.Exit);
            using (CriticalSection.Scope())
            {
                Assert.Equal(1, CriticalSection.Depth);
            }

            Assert.Equal(0, CriticalSection.Depth);
            return default;
        });
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Ipi_rings_survive_all_to_all_flooding(int cpus)
    {
        const int perTarget = 20_000;
        long received = 0;
        TestRuntime.Run(cpus, async rt =>
        {
            var senders = Enumerable.Range(0, cpus).Select(c => rt.Spawn(() =>
            {
                VirtualCpu me = VirtualCpu.Current!;
                for (int i = 0; i < perTarget; i++)
                {
                    foreach (VirtualCpu target in rt.Cpus)
                    {
                        if (target != me)
                        {
                            me.SendIpi(target, (_, _) => Interlocked.Increment(ref received), null, 0);
                        }
                    }
                }

                return default;
            }, cpu: c)).ToList();
            foreach (LwktThread s in senders)
            {
                await s.JoinAsync();
            }

            while (Interlocked.Read(ref received) < (long)cpus * (cpus - 1) * perTarget)
            {
                await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(1));
            }
        });

        Assert.Equal((long)cpus * (cpus - 1) * perTarget, received);
    }

    [Fact]
    public void Idle_cpus_pull_work_from_a_busy_one()
    {
        var ranOn = new ConcurrentDictionary<int, int>();
        long migrations = 0;
        TestRuntime.Run(2, async rt =>
        {
            // Every thread starts on CPU 0; only work distribution can bring any of them to CPU 1.
            var threads = Enumerable.Range(0, 32).Select(_ => rt.Spawn(async () =>
            {
                for (int i = 0; i < 50; i++)
                {
                    ranOn.AddOrUpdate(VirtualCpu.Current!.Id, 1, static (_, n) => n + 1);
                    Thread.SpinWait(2000);
                    await LwktThread.YieldAsync();
                }
            }, cpu: 0, migratable: true)).ToList();
            foreach (LwktThread td in threads)
            {
                await td.JoinAsync();
            }

            migrations = rt.Counters.Migrations;
        });

        Assert.True(ranOn.ContainsKey(0));
        Assert.True(ranOn.ContainsKey(1), "no work ran on CPU 1: the idle CPU never pulled threads");
        Assert.True(migrations > 0);
    }

    [Fact]
    public void Explicit_migration_moves_the_thread()
    {
        TestRuntime.Run(2, async rt =>
        {
            Assert.Equal(0, VirtualCpu.Current!.Id);
            await LwktThread.SetCpuAsync(rt.Cpus[1]);
            Assert.Equal(1, VirtualCpu.Current!.Id);
            Assert.Equal(rt.Cpus[1], LwktThread.Current!.Cpu);
            await LwktThread.YieldAsync();
            Assert.Equal(1, VirtualCpu.Current!.Id);
        });
    }

    [Fact]
    public void An_exception_reaches_the_joiner_and_the_worker_survives()
    {
        TestRuntime.Run(1, async rt =>
        {
            LwktThread bad = rt.Spawn(async () =>
            {
                await LwktThread.YieldAsync();
                throw new InvalidOperationException("boom");
            });
            var e = await Assert.ThrowsAsync<LwktThreadException>(() => bad.JoinAsync().AsTask());
            Assert.IsType<InvalidOperationException>(e.InnerException);
            Assert.Equal("boom", e.InnerException!.Message);

            LwktThread sync = rt.Spawn(() => throw new ArgumentException("at once"));
            await Assert.ThrowsAsync<LwktThreadException>(() => sync.JoinAsync().AsTask());

            bool ran = false;
            await rt.Spawn(() => { ran = true; return default; }).JoinAsync();
            Assert.True(ran);
        });

        using var runtime = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });
        LwktThread t = runtime.Spawn(() => throw new FormatException("os joiner"));
        var ex = Assert.Throws<LwktThreadException>(t.Join);
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public void Awaiting_a_foreign_task_blocks_and_resumes_on_the_same_cpu()
    {
        TestRuntime.Run(2, async rt =>
        {
            LwktThread me = LwktThread.Current!;
            VirtualCpu cpu = VirtualCpu.Current!;
            var token = new Token("held across the foreign await");
            await token.AcquireAsync();
            using var otherHolds = new ManualResetEventSlim();
            LwktThread other = rt.Spawn(async () =>
            {
                await token.AcquireAsync();
                otherHolds.Set();
                token.Release();
            }, cpu: 1);

            // Completed by a dedicated OS thread (not the thread pool, which parallel tests may keep busy), and only
            // once the thread on the other CPU has taken the token: that can happen only while this thread waits.
            int result = await CompletedByForeignThread(() => otherHolds.Wait(TestRuntime.Watchdog / 2) ? 42 : -1);
            Assert.True(result == 42, "the token was not released during the foreign await");

            // Checked before any other blocking point: the next switch would take the token set again anyway.
            Assert.Same(me, LwktThread.Current);
            Assert.Same(cpu, VirtualCpu.Current);
            Assert.True(LwktThread.Holds(token), "the token was not held again when the foreign await returned");
            Assert.True(token.IsHeldExclusive && token.OwnerId == me.Id, "the thread's token is not taken");
            await other.JoinAsync();

            // A second foreign await in the same thread, and one that is already complete.
            Assert.Equal(7, await CompletedByForeignThread(() => 7));
            Assert.Equal(1, await Task.FromResult(1));
            Assert.Same(cpu, VirtualCpu.Current);
            token.Release();
        });

        static Task<int> CompletedByForeignThread(Func<int> value)
        {
            var tcs = new TaskCompletionSource<int>();
            new Thread(() => tcs.SetResult(value())) { IsBackground = true }.Start();
            return tcs.Task;
        }
    }

    [Fact]
    public void One_million_threads_live_at_once_then_join()
    {
        const int count = 1_000_000;
        var gate = new object();
        int parked = 0;
        TestRuntime.Run(2, async rt =>
        {
            // One spawner per CPU creates its half locally (no IPI per thread), as a real program would.
            var threads = new LwktThread[count];
            var spawners = Enumerable.Range(0, rt.CpuCount).Select(c => rt.Spawn(() =>
            {
                for (int i = c; i < count; i += rt.CpuCount)
                {
                    threads[i] = rt.Spawn(
                        static s => ParkAsync(s!), (gate, (Func<int>)(() => Interlocked.Increment(ref parked))), cpu: c);
                }

                return default;
            }, cpu: c)).ToList();
            foreach (LwktThread s in spawners)
            {
                await s.JoinAsync();
            }

            while (Volatile.Read(ref parked) < count)
            {
                await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(5));
            }

            Assert.True(rt.LiveThreads >= count);
            SleepQueue.Wakeup(gate);
            foreach (LwktThread td in threads)
            {
                await td.JoinAsync();
            }
        });

        Assert.Equal(count, parked);

        static async ValueTask ParkAsync(object state)
        {
            var (gate, arrive) = ((object, Func<int>))state;
            SleepQueue.Interlock(gate);
            arrive();
            await SleepQueue.SleepAsync(gate, null, interlocked: true);
        }
    }

    [Fact]
    public void Live_threads_are_those_created_and_not_yet_exited()
    {
        int live = -1;
        int liveAfterJoins = -1;
        TestRuntime.Run(1, async rt =>
        {
            object gate = new();
            int parked = 0;
            var threads = new LwktThread[3];
            for (int i = 0; i < threads.Length; i++)
            {
                threads[i] = rt.Spawn(async () =>
                {
                    SleepQueue.Interlock(gate);
                    parked++;
                    await SleepQueue.SleepAsync(gate, null, interlocked: true);
                });
            }

            // One CPU: the yields let every child run to its sleep.
            while (parked < threads.Length)
            {
                await LwktThread.YieldAsync();
            }

            live = rt.LiveThreads;
            SleepQueue.Wakeup(gate);
            foreach (LwktThread td in threads)
            {
                await td.JoinAsync();
            }

            liveAfterJoins = rt.LiveThreads;
        });

        // The root and its three sleeping children; then the root alone.
        Assert.Equal(4, live);
        Assert.Equal(1, liveAfterJoins);
    }

    [Fact]
    public void Shutdown_is_clean_with_nothing_left_running()
    {
        var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2 });
        var threads = Enumerable.Range(0, 100)
            .Select(i => rt.Spawn(async () => await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(i % 5))))
            .ToList();
        Assert.True(rt.Dispose(TestRuntime.Watchdog));
        Assert.Equal(0, rt.LiveThreads);
        Assert.All(threads, td => Assert.True(td.IsExited));
        Assert.Throws<ObjectDisposedException>(() => rt.Spawn(() => default));
    }

    [Fact]
    public void Timed_sleep_does_not_block_the_worker()
    {
        long spins = 0;
        TestRuntime.Run(1, async rt =>
        {
            bool stop = false;
            LwktThread busy = rt.Spawn(async () =>
            {
                while (!Volatile.Read(ref stop))
                {
                    Interlocked.Increment(ref spins);
                    await LwktThread.YieldAsync();
                }
            });
            long before = Interlocked.Read(ref spins);
            await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(20));
            Assert.True(Interlocked.Read(ref spins) > before, "the other thread did not run while this one slept");
            Volatile.Write(ref stop, true);
            await busy.JoinAsync();
        });
    }
}
