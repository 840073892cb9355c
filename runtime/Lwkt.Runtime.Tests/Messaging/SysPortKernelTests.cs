using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>
/// The sysport's kernel calls on both backends, against the real kernel: files in a temporary folder, sleeps checked
/// against CLOCK_MONOTONIC (never early; late only within bounds no loaded machine reaches), errno replies, aborts
/// replied exactly once, back-pressure of a full ring, and many concurrent sleeps.
/// </summary>
public class SysPortKernelTests
{
    /// <summary>Both backends: every test here runs on the io_uring rings and on the fallback threads.</summary>
    public static TheoryData<SysPortBackend> Backends => [SysPortBackend.IoUring, SysPortBackend.Threads];

    /// <summary>
    /// Who serves a sleep: the sender's CPU timers (the default, on either backend), or the backend itself — an
    /// io_uring timeout, a futex wait on a fallback thread — with <see cref="LwktRuntimeOptions.SysPortSleepsOnTimers"/>
    /// off.
    /// </summary>
    public static TheoryData<SysPortBackend, bool> SleepServers => new()
    {
        { SysPortBackend.IoUring, true },
        { SysPortBackend.IoUring, false },
        { SysPortBackend.Threads, true },
        { SysPortBackend.Threads, false },
    };

    /// <summary>Loose upper bound on a sleep's lateness: only a hang or a lost completion exceeds it.</summary>
    private static readonly long LatenessBoundNs = (long)TimeSpan.FromSeconds(5).TotalNanoseconds;

    private const int Enoent = 2, Ebadf = 9, Eexist = 17;

    internal static LwktRuntimeOptions Options(SysPortBackend backend, int cpus, int? ringSlots = null, bool sleepsOnTimers = true) =>
        new()
        {
            Cpus = cpus,
            SysPort = backend,
            SysPortRingSlots = ringSlots ?? new LwktRuntimeOptions().SysPortRingSlots,
            SysPortSleepsOnTimers = sleepsOnTimers,
        };

    [Theory]
    [MemberData(nameof(Backends))]
    public void The_runtime_uses_the_backend_asked_for_and_serves_kernel_calls_there(SysPortBackend backend)
    {
        TestRuntime.Run(Options(backend, 2), async rt =>
        {
            Assert.Equal(backend, rt.SysPortBackend);
            SysPort sys = SysPort.For(rt);
            Assert.Equal(backend, sys.Backend);
            await SysPort.NanosleepAsync(TimeSpan.FromMicroseconds(100));
            using (SafeFileHandle file = File.OpenHandle(typeof(SysPortKernelTests).Assembly.Location))
            {
                await SysPort.FsyncAsync(file);
            }

            await SysPort.CallAsync(() => 1);
            Assert.Equal(3, sys.CallsServed);

            // On io_uring the fsync went to this CPU's ring and only the delegate to a thread; the sleep, on either
            // backend, to this CPU's timers.
            Assert.Equal(backend == SysPortBackend.IoUring ? 1 : 2, sys.CallsServedByThreads);
            Assert.Equal(1, rt.Cpus.Sum(c => c.SysTimersCompleted));
            Assert.Equal(backend == SysPortBackend.IoUring, VirtualCpu.Current!.SysRing is not null);
        });
    }

    /// <summary>
    /// A ring call made while its CPU never idles (another thread yields all along) is still submitted and replied:
    /// the scheduler looks at the ring between threads, not only when the CPU goes idle. The yielder gives up after
    /// ten seconds, a bound only a call left unsubmitted reaches.
    /// </summary>
    [Fact]
    public void A_ring_call_completes_while_its_cpu_never_idles()
    {
        bool yielderRanThrough = false;
        TestRuntime.Run(Options(SysPortBackend.IoUring, 1, sleepsOnTimers: false), async rt =>
        {
            Assert.Equal(SysPortBackend.IoUring, rt.SysPortBackend);
            bool replied = false;
            LwktThread yielder = rt.Spawn(async () =>
            {
                long giveUp = Environment.TickCount64 + 10_000;
                while (!replied && Environment.TickCount64 < giveUp)
                {
                    await LwktThread.YieldAsync();
                }
            }, cpu: 0);
            await SysPort.NanosleepAsync(TimeSpan.FromMicroseconds(100));
            yielderRanThrough = yielder.IsExited;
            replied = true;
            await yielder.JoinAsync();
        });

        Assert.False(yielderRanThrough, "the call was replied only after its CPU went idle");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Open_write_fsync_read_and_close_reach_the_file_and_failures_reply_their_errno(SysPortBackend backend)
    {
        string dir = Directory.CreateTempSubdirectory("lwkt-sysport-").FullName;
        try
        {
            string path = Path.Combine(dir, "data.bin");
            byte[] data = new byte[3 * 4096 + 123];
            new Random(7).NextBytes(data);
            TestRuntime.Run(Options(backend, 2), async rt =>
            {
                SafeFileHandle file = await SysPort.OpenAsync(path, OpenCall.ReadWrite | OpenCall.Create | OpenCall.Exclusive);
                await SysPort.WriteAsync(file, data, 100);
                await SysPort.FsyncAsync(file);
                byte[] back = new byte[data.Length + 50];
                int n = await SysPort.ReadAsync(file, back, 100);
                Assert.Equal(data.Length, n);
                Assert.Equal(data, back[..n]);
                Assert.Equal(0, await SysPort.ReadAsync(file, back, 100 + data.Length));
                await SysPort.CloseAsync(file);
                Assert.True(file.IsClosed);

                // Errors come back as the kernel's errno, both in the reply and in the helpers' exceptions.
                IOException missing = await Assert.ThrowsAsync<IOException>(
                    async () => await SysPort.OpenAsync(Path.Combine(dir, "missing"), OpenCall.ReadOnly));
                Assert.Equal(Enoent, missing.HResult);
                IOException exists = await Assert.ThrowsAsync<IOException>(
                    async () => await SysPort.OpenAsync(path, OpenCall.ReadWrite | OpenCall.Create | OpenCall.Exclusive));
                Assert.Equal(Eexist, exists.HResult);

                MessagePort mine = LwktThread.Current!.Port;
                var badClose = new CloseCall(1 << 20);
                badClose.Init(mine);
                Assert.Equal(Ebadf, await SysPort.For(rt).Port.SendAndWaitAsync(badClose));
            });
            Assert.Equal(data, File.ReadAllBytes(path)[100..]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(SleepServers))]
    public void Sleeps_end_at_their_monotonic_deadline_never_before(SysPortBackend backend, bool sleepsOnTimers)
    {
        long[] late = [];
        TestRuntime.Run(
            Options(backend, 2, sleepsOnTimers: sleepsOnTimers),
            async rt => late = await SleepAllAsync(rt, 40, id => ((id % 8) + 1) * 250_000, cpuOf: id => id % 2));

        Assert.Equal(40, late.Length);
        Assert.All(late, l => Assert.InRange(l, 0, LatenessBoundNs));
    }

    [Theory]
    [MemberData(nameof(SleepServers))]
    public void An_aborted_long_sleep_is_replied_aborted_once_and_promptly(SysPortBackend backend, bool sleepsOnTimers)
    {
        TestRuntime.Run(Options(backend, 2, sleepsOnTimers: sleepsOnTimers), async rt =>
        {
            MessagePort sysport = SysPort.For(rt).Port;
            MessagePort mine = LwktThread.Current!.Port;
            var call = new NanosleepCall(SysPort.NowNanoseconds() + (long)TimeSpan.FromMinutes(10).TotalNanoseconds);
            call.InitAbortable(mine);
            sysport.Send(call);

            // Let it reach the kernel (or the serving thread) before the abort.
            await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(5));
            Assert.True(call.Abort());
            Message reply = await mine.WaitPortAsync();
            Assert.Same(call, reply);
            Assert.Equal(MessageError.Aborted, call.Error);
            Assert.Throws<OperationCanceledException>(call.ThrowIfFailed);
            Assert.False(call.Abort(), "an abort after the reply is a no-op");

            // Reusable: the same message sleeps normally afterwards.
            call.Deadline = SysPort.NowNanoseconds() + 100_000;
            Assert.Equal(0, await sysport.SendAndWaitAsync(call));
            await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(2));
            Assert.Null(mine.GetPort());
        });
    }

    [Theory]
    [MemberData(nameof(SleepServers))]
    public void Aborts_racing_completions_from_every_kind_of_thread_reply_each_send_exactly_once(SysPortBackend backend, bool sleepsOnTimers)
    {
        const int rounds = 300;
        int aborted = 0, completed = 0;
        TestRuntime.Run(Options(backend, 2, ringSlots: 8, sleepsOnTimers: sleepsOnTimers), async rt =>
        {
            MessagePort sysport = SysPort.For(rt).Port;
            MessagePort mine = LwktThread.Current!.Port;
            var rnd = new Random(19);
            var calls = new NanosleepCall[16];
            for (int i = 0; i < calls.Length; i++)
            {
                calls[i] = new NanosleepCall(0);
                calls[i].InitAbortable(mine);
            }

            var replies = new int[calls.Length];
            var outstanding = new List<int>();
            for (int round = 0; round < rounds; round++)
            {
                // A burst of sends (more than the ring's slots: some wait in the backlog), then aborts at random
                // moments, from this thread, from an LWKT thread on the other CPU, and from a plain OS thread.
                outstanding.Clear();
                for (int i = 0; i < calls.Length; i++)
                {
                    // The same messages every round: a late abort or a stale queue entry must not touch a later send.
                    calls[i].Deadline = SysPort.NowNanoseconds() + rnd.Next(0, 400_000);
                    sysport.Send(calls[i]);
                    outstanding.Add(i);
                }

                int mode = round % 3;
                int victim = rnd.Next(calls.Length);
                if (mode == 0)
                {
                    Thread.SpinWait(rnd.Next(0, 20_000));
                    calls[victim].Abort();
                }
                else if (mode == 1)
                {
                    NanosleepCall target = calls[victim];
                    await rt.Spawn(() =>
                    {
                        target.Abort();
                        return ValueTask.CompletedTask;
                    }, cpu: 1).JoinAsync();
                }
                else
                {
                    NanosleepCall target = calls[victim];
                    var os = new Thread(() => target.Abort());
                    os.Start();
                    await SysPort.CallAsync(() => os.Join());
                }

                for (int i = 0; i < calls.Length; i++)
                {
                    var reply = (NanosleepCall)await mine.WaitPortAsync();
                    int index = Array.IndexOf(calls, reply);
                    Assert.True(index >= 0, "a reply of an unknown message");
                    replies[index]++;
                    Assert.Equal(1, replies[index]);
                    Assert.True(reply.Error is MessageError.None or MessageError.Aborted, $"error {reply.Error}");
                    if (reply.Error == MessageError.Aborted)
                    {
                        aborted++;
                        Assert.Equal(victim, index);
                    }
                    else
                    {
                        completed++;
                        Assert.True(SysPort.NowNanoseconds() >= reply.Deadline, "a sleep replied before its deadline");
                    }
                }

                Array.Clear(replies);
            }

            // No late second reply of anything.
            await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(20));
            Assert.Null(mine.GetPort());
        });

        Assert.Equal(rounds * 16, aborted + completed);
        Assert.True(aborted > 0, "no abort ever won: the race was not exercised");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sleeps_sent_from_a_worker_are_timers_of_its_cpu_with_no_kernel_request_or_thread(SysPortBackend backend)
    {
        const int perCpu = 100;
        TestRuntime.Run(Options(backend, 2), async rt =>
        {
            SysPort sys = SysPort.For(rt);
            await TestRuntime.SpawnAndJoinAllAsync(rt, 2, async cpu =>
            {
                for (int i = 0; i < perCpu; i++)
                {
                    await SysPort.NanosleepAsync(TimeSpan.FromMicroseconds(20 + (i % 5) * 20));
                }
            }, cpuOf: cpu => cpu);

            // Each CPU replied its own threads' sleeps; neither the rings nor the fallback threads saw one.
            Assert.All(rt.Cpus, c => Assert.Equal(perCpu, c.SysTimersCompleted));
            Assert.All(rt.Cpus, c => Assert.Equal(0, c.SysRing?.Completed ?? 0));
            Assert.Equal(0, sys.CallsServedByThreads);
            Assert.Equal(2 * perCpu, sys.CallsServed);
        });
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_resent_sleep_is_not_replied_by_the_timer_of_its_aborted_send(SysPortBackend backend)
    {
        TestRuntime.Run(Options(backend, 1), async rt =>
        {
            MessagePort sysport = SysPort.For(rt).Port;
            MessagePort mine = LwktThread.Current!.Port;
            var call = new NanosleepCall(SysPort.NowNanoseconds() + 3_000_000);
            call.InitAbortable(mine);
            sysport.Send(call);
            Assert.True(call.Abort());
            Assert.Same(call, await mine.WaitPortAsync());
            Assert.Equal(MessageError.Aborted, call.Error);

            // The aborted send's timer is still armed for 3 ms; the new send's deadline is far past it.
            long deadline = SysPort.NowNanoseconds() + 30_000_000;
            call.Deadline = deadline;
            sysport.Send(call);
            Assert.Same(call, await mine.WaitPortAsync());
            Assert.Equal(MessageError.None, call.Error);
            Assert.True(SysPort.NowNanoseconds() >= deadline, "the stale timer of the aborted send replied the new one early");
        });
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_sleep_still_armed_when_the_runtime_ends_is_replied_aborted(SysPortBackend backend)
    {
        var call = new NanosleepCall(SysPort.NowNanoseconds() + (long)TimeSpan.FromMinutes(10).TotalNanoseconds);
        TestRuntime.Run(Options(backend, 1), rt =>
        {
            call.InitAbortable(MessagePort.CreateSpinPort());
            SysPort.For(rt).Port.Send(call);
            return ValueTask.CompletedTask;
        });

        Assert.True(call.IsDone, "a sleep armed at the runtime's end was never replied");
        Assert.Equal(MessageError.Aborted, call.Error);
    }

    [Fact]
    public void A_full_ring_holds_calls_in_its_backlog_and_starts_them_as_slots_free()
    {
        const int calls = 200;
        TestRuntime.Run(Options(SysPortBackend.IoUring, 1, ringSlots: 4, sleepsOnTimers: false), async rt =>
        {
            MessagePort sysport = SysPort.For(rt).Port;
            MessagePort mine = LwktThread.Current!.Port;
            SysPortRing ring = VirtualCpu.Current!.SysRing!;
            var sent = new NanosleepCall[calls];
            long deadline = SysPort.NowNanoseconds() + 2_000_000;
            for (int i = 0; i < calls; i++)
            {
                sent[i] = new NanosleepCall(deadline + (i * 1000));
                sent[i].InitAbortable(mine);
                sysport.Send(sent[i]);
            }

            // Back-pressure without blocking the sender: 4 in the kernel, the rest queued behind them.
            Assert.Equal(4, ring.InFlight);
            Assert.Equal(calls - 4, ring.Backlog);

            // A backlogged call is aborted without reaching the kernel.
            Assert.True(sent[calls - 1].Abort());
            var seen = new HashSet<Message>();
            for (int i = 0; i < calls; i++)
            {
                var reply = (NanosleepCall)await mine.WaitPortAsync();
                Assert.True(seen.Add(reply), "replied twice");
                if (reply == sent[calls - 1])
                {
                    Assert.Equal(MessageError.Aborted, reply.Error);
                }
                else
                {
                    Assert.Equal(0, reply.Error);
                    Assert.True(SysPort.NowNanoseconds() >= reply.Deadline);
                }
            }

            Assert.Equal(0, ring.InFlight);
            Assert.Equal(0, ring.Backlog);
        });
    }

    [Theory]
    [MemberData(nameof(SleepServers))]
    public void Ten_thousand_concurrent_sleeps_all_end_after_their_deadline(SysPortBackend backend, bool sleepsOnTimers)
    {
        const int sleepers = 10_000;
        long[] late = [];
        TestRuntime.Run(Options(backend, 2, sleepsOnTimers: sleepsOnTimers), async rt =>
        {
            late = await SleepAllAsync(rt, sleepers, _ => 20_000_000);
            Assert.Equal(sleepers, SysPort.For(rt).CallsServed);
        });

        Assert.Equal(sleepers, late.Length);
        Assert.All(late, l => Assert.InRange(l, 0, LatenessBoundNs));
    }

    [Fact]
    public void A_cpu_whose_threads_sleep_on_timers_parks_in_its_ring_until_the_timer_instead_of_spinning()
    {
        const int sleeps = 100;
        long parks = 0;
        TestRuntime.Run(Options(SysPortBackend.IoUring, 1), async rt =>
        {
            SysPortRing ring = VirtualCpu.Current!.SysRing!;
            long before = ring.Parks;
            for (int i = 0; i < sleeps; i++)
            {
                await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(1));
            }

            parks = ring.Parks - before;
        });

        // The semaphore's millisecond timeout cannot wait for less than the next whole millisecond, so without the ring
        // a CPU spins through a 1 ms sleep; in the ring it parks with the timer's exact deadline.
        Assert.True(parks >= sleeps / 2, $"the CPU parked in its ring {parks} times in {sleeps} timer sleeps");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_parked_cpu_is_woken_by_another_cpus_message(SysPortBackend backend)
    {
        const int rounds = 20;
        TestRuntime.Run(Options(backend, 2), async rt =>
        {
            MessagePort server = MessagePort.CreateSpinPort();
            LwktThread receiver = rt.Spawn(async () =>
            {
                for (int i = 0; i < rounds; i++)
                {
                    (await server.WaitPortAsync()).Reply();
                }
            }, cpu: 1);

            long parksBefore = rt.Cpus[1].Counters.IdleSleeps;
            for (int i = 0; i < rounds; i++)
            {
                // Longer than the idle spin: CPU 1 is parked (in its ring, or on its semaphore) when the message comes.
                await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(3));
                var msg = new Probe(LwktThread.Current!.Port);
                Assert.Equal(0, await server.SendAndWaitAsync(msg));
            }

            await receiver.JoinAsync();
            Assert.True(rt.Cpus[1].Counters.IdleSleeps > parksBefore, "CPU 1 never parked: the wake-up path was not exercised");
        });
    }

    /// <summary>
    /// <paramref name="sleepers"/> LWKT threads each send the sysport one <see cref="NanosleepCall"/>, thread i to a
    /// deadline <paramref name="delayNs"/>(i) from now, on CPU <paramref name="cpuOf"/>(i); returns how many ns after its
    /// deadline each one's reply was seen (negative: woken early).
    /// </summary>
    private static async ValueTask<long[]> SleepAllAsync(LwktRuntime rt, int sleepers, Func<int, long> delayNs, Func<int, int>? cpuOf = null)
    {
        var late = new long[sleepers];
        await TestRuntime.SpawnAndJoinAllAsync(rt, sleepers, async id =>
        {
            long deadline = SysPort.NowNanoseconds() + delayNs(id);
            var call = new NanosleepCall(deadline);
            call.Init(LwktThread.Current!.Port);
            Assert.Equal(0, await SysPort.For(rt).Port.SendAndWaitAsync(call));
            late[id] = SysPort.NowNanoseconds() - deadline;
        }, cpuOf);
        return late;
    }
}

/// <summary>The environment variable that forces the fallback: process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(SysPortEnvironmentTests), DisableParallelization = true)]
[Collection(nameof(SysPortEnvironmentTests))]
public class SysPortEnvironmentTests
{
    [Fact]
    public void LWKT_SYSPORT_threads_forces_the_fallback_even_over_the_option_and_says_so()
    {
        string? saved = Environment.GetEnvironmentVariable(LwktRuntime.SysPortEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(LwktRuntime.SysPortEnvironmentVariable, "threads");
            TestRuntime.Run(SysPortKernelTests.Options(SysPortBackend.IoUring, 1), async rt =>
            {
                Assert.Equal(SysPortBackend.Threads, rt.SysPortBackend);
                Assert.Contains("LWKT_SYSPORT=threads", rt.SysPortFallbackReason, StringComparison.Ordinal);
                Assert.Null(VirtualCpu.Current!.SysRing);
                await SysPort.CallAsync(() => 1);
                Assert.Equal(1, SysPort.For(rt).CallsServedByThreads);
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(LwktRuntime.SysPortEnvironmentVariable, saved);
        }

        // Unset again, the choice is the machine's: io_uring wherever the probe accepts it.
        if (saved is null)
        {
            TestRuntime.Run(1, rt =>
            {
                Assert.Equal(
                    Lwkt.Runtime.IoUring.IoUringSupport.Failure is null ? SysPortBackend.IoUring : SysPortBackend.Threads,
                    rt.SysPortBackend);
                return ValueTask.CompletedTask;
            });
        }
    }
}
