using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>The sysport: blocking calls served off the workers, replies waking senders on their own CPUs.</summary>
public class SysPortTests
{
    [Fact]
    public void Nanosleeps_through_the_sysport_leave_the_worker_running_other_threads()
    {
        const int sleepers = 50;
        var sleep = TimeSpan.FromMilliseconds(2);
        var before = new long[sleepers];
        var after = new long[sleepers];
        var slept = new TimeSpan[sleepers];
        long served = 0;
        TestRuntime.Run(1, async rt =>
        {
            long counter = 0;
            bool stop = false;
            LwktThread spinner = rt.Spawn(async () =>
            {
                while (!Volatile.Read(ref stop))
                {
                    Volatile.Write(ref counter, counter + 1);
                    await LwktThread.YieldAsync();
                }
            }, cpu: 0);

            await TestRuntime.SpawnAndJoinAllAsync(rt, sleepers, async id =>
            {
                before[id] = Volatile.Read(ref counter);
                long start = Stopwatch.GetTimestamp();
                await SysPort.NanosleepAsync(sleep);
                slept[id] = Stopwatch.GetElapsedTime(start);
                after[id] = Volatile.Read(ref counter);
                Assert.Same(rt.Cpus[0], VirtualCpu.Current);
            }, cpuOf: _ => 0);

            Volatile.Write(ref stop, true);
            await spinner.JoinAsync();
            served = SysPort.For(rt).CallsServed;
        });

        // On one CPU, a worker blocked in the kernel would run nothing else during a sleep.
        for (int i = 0; i < sleepers; i++)
        {
            Assert.True(after[i] > before[i], $"sleeper {i}: the counting thread did not run during its sleep");
            Assert.True(slept[i] >= sleep, $"sleeper {i} returned early ({slept[i].TotalMilliseconds} ms)");
        }

        Assert.Equal(sleepers, served);
    }

    [Fact]
    public void The_reply_wakes_the_sender_on_its_own_cpu_with_its_tokens_held_again()
    {
        TestRuntime.Run(2, async rt =>
        {
            var token = new Token("sysport-test");
            using var otherHolds = new ManualResetEventSlim();
            LwktThread sender = rt.Spawn(async () =>
            {
                await token.AcquireAsync();
                LwktThread other = rt.Spawn(async () =>
                {
                    await token.AcquireAsync();
                    otherHolds.Set();
                    token.Release();
                }, cpu: 0);

                // The call returns only once the other thread has taken the token: it can only have while the sender
                // waits on the sysport (the sender releases the token itself only after the reply).
                bool tokenWasFree = await SysPort.CallAsync(() =>
                {
                    Assert.Null(VirtualCpu.Current);
                    return otherHolds.Wait(TestRuntime.Watchdog / 2);
                });
                Assert.True(tokenWasFree, "the token was not released while the sender waited on the sysport");
                Assert.Same(rt.Cpus[1], VirtualCpu.Current);
                Assert.True(LwktThread.Holds(token));
                token.Release();
                await other.JoinAsync();
            }, cpu: 1);
            await sender.JoinAsync();
        });
    }

    [Fact]
    public void Calls_from_many_threads_at_once_complete_with_their_own_results()
    {
        const int callers = 64;
        TestRuntime.Run(2, async rt =>
        {
            await TestRuntime.SpawnAndJoinAllAsync(rt, callers, async id =>
            {
                for (int round = 0; round < 5; round++)
                {
                    string text = await SysPort.CallAsync(() =>
                    {
                        Thread.Sleep(1);
                        return $"{id}:{round}";
                    });
                    Assert.Equal($"{id}:{round}", text);
                }

                // The delegate's exception is rethrown in the caller, not lost on the serving thread.
                string? caught = null;
                try
                {
                    await SysPort.CallAsync<int>(() => throw new InvalidDataException("x" + id));
                }
                catch (InvalidDataException e)
                {
                    caught = e.Message;
                }

                Assert.Equal("x" + id, caught);
            }, cpuOf: id => id % 2);

            SysPort sys = SysPort.For(rt);
            Assert.Equal(callers * 6, sys.CallsServed);
            Assert.InRange(sys.Threads, 0, sys.MaxThreads);
        });
    }

    [Fact]
    public void File_reads_and_writes_go_through_the_sysport()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lwkt-sysport-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
            const int blocks = 16;
            const int size = 4096;
            TestRuntime.Run(2, async rt =>
            {
                await TestRuntime.SpawnAndJoinAllAsync(rt, blocks, async id =>
                {
                    byte[] data = new byte[size];
                    new Random(id).NextBytes(data);
                    await SysPort.WriteAsync(handle, data, (long)id * size);
                    byte[] back = new byte[size];
                    Assert.Equal(size, await SysPort.ReadAsync(handle, back, (long)id * size));
                    Assert.Equal(data, back);
                }, cpuOf: id => id % 2);

                Assert.Equal(0, await SysPort.ReadAsync(handle, new byte[16], (long)blocks * size));
            });
            Assert.Equal(blocks * size, new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A custom system call: returns the OS thread it ran on.</summary>
    private sealed class WhereCall : SystemCallMessage
    {
        public int ManagedThreadId { get; private set; }

        protected override int Execute()
        {
            ManagedThreadId = Environment.CurrentManagedThreadId;
            Result = 99;
            return 0;
        }
    }

    [Fact]
    public void Messages_sent_to_the_sysport_directly_are_served_asynchronously_and_refused_when_not_system_calls()
    {
        TestRuntime.Run(1, async rt =>
        {
            MessagePort sysport = SysPort.For(rt).Port;
            MessagePort mine = LwktThread.Current!.Port;

            var plain = new Probe(mine);
            Assert.Equal(MessageError.InvalidArgument, await sysport.SendAndWaitAsync(plain));
            sysport.Send(plain);
            Assert.Same(plain, mine.GetPort());
            Assert.Equal(MessageError.InvalidArgument, plain.Error);

            // The asynchronous system call the seed's sysport reserved for root: send, work, collect the reply.
            var calls = new List<WhereCall>();
            for (int i = 0; i < 8; i++)
            {
                var call = new WhereCall();
                call.Init(mine);
                sysport.Send(call);
                calls.Add(call);
            }

            for (int i = 0; i < calls.Count; i++)
            {
                var reply = (WhereCall)await mine.WaitPortAsync();
                Assert.Contains(reply, calls);
                Assert.True(reply.IsReply);
                Assert.Equal(99, reply.Result);
                Assert.NotEqual(Environment.CurrentManagedThreadId, reply.ManagedThreadId);
            }

            Assert.Null(mine.GetPort());
        });
    }
}
