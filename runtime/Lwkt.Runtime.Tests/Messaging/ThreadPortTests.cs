namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>Invariant 19 (docs/lwkt-semantics.md), thread ports: only the owner gets and waits; remote puts and replies follow it.</summary>
public class ThreadPortTests
{
    [Fact]
    public void Only_the_owner_may_get_or_wait()
    {
        MessagePort? port = null;
        TestRuntime.Run(2, async rt =>
        {
            MessagePort mine = port = LwktThread.Current!.Port;
            var msg = new Probe(mine);
            mine.Send(msg);
            foreach (int cpu in new[] { 0, 1 })
            {
                LwktThread intruder = rt.Spawn(() =>
                {
                    Assert.Throws<InvalidOperationException>(() => mine.GetPort());
                    Assert.Throws<InvalidOperationException>(() => Misuse.WaitPort(mine));
                    Assert.Throws<InvalidOperationException>(() => Misuse.Wait(msg));

                    // Send-and-wait with a reply port the caller cannot wait on fails before the message leaves.
                    var stranded = new Probe(mine);
                    Assert.Throws<InvalidOperationException>(() => Misuse.SendAndWait(MessagePort.CreateSpinPort(), stranded));
                    Assert.Equal(MessageFlags.Done, stranded.Flags);
                    return default;
                }, cpu: cpu);
                await intruder.JoinAsync();
            }

            Assert.Same(msg, mine.GetPort());
            msg.Reply();
        });

        // Outside the runtime nobody is the owner.
        Assert.Throws<InvalidOperationException>(() => port!.GetPort());
    }

    [Fact]
    public void An_explicit_thread_port_belongs_to_its_owner_and_not_to_its_creator()
    {
        TestRuntime.Run(1, async rt =>
        {
            var ready = new Probe();
            MessagePort? port = null;
            LwktThread owner = rt.Spawn(async () =>
            {
                Message got = await port!.WaitPortAsync();
                Assert.Same(ready, got);
                got.Reply();
            }, cpu: 0);
            port = MessagePort.CreateThreadPort(owner);
            Assert.Throws<InvalidOperationException>(() => port.GetPort());
            ready.Init(LwktThread.Current!.Port);
            Assert.Equal(0, await port.SendAndWaitAsync(ready));
            await owner.JoinAsync();
        });
    }

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void Puts_and_replies_follow_an_owner_that_migrates(int seed)
    {
        const int clients = 4;
        const int perClient = 150;
        long outsideSent = 0;
        TestRuntime.Run(2, async rt =>
        {
            // The server hops between the CPUs while clients on both CPUs, and an OS thread outside the runtime,
            // send to its port; every request must reach it and every reply must reach its sender.
            var rnd = new Random(seed);
            int total = (clients * perClient) + 50;
            LwktThread server = rt.Spawn(async () =>
            {
                MessagePort port = LwktThread.Current!.Port;
                for (int i = 0; i < total; i++)
                {
                    var msg = (Probe)await port.WaitPortAsync();
                    msg.Result = msg.Value * 2;
                    msg.CountedReply();
                    if (rnd.Next(8) == 0)
                    {
                        VirtualCpu next = rt.Cpus[1 - LwktThread.Current.Cpu.Id];
                        await LwktThread.SetCpuAsync(next);
                        Assert.Same(next, VirtualCpu.Current);
                    }
                }
            }, cpu: 0);

            var threads = new List<LwktThread>();
            for (int c = 0; c < clients; c++)
            {
                int id = c;
                threads.Add(rt.Spawn(async () =>
                {
                    MessagePort mine = LwktThread.Current!.Port;
                    var msg = new Probe(mine);
                    var async = new Probe(mine);
                    for (int i = 0; i < perClient; i++)
                    {
                        if (i % 2 == 0)
                        {
                            msg.Value = (id * 1000) + i;
                            Assert.Equal(0, await server.Port.SendAndWaitAsync(msg));
                            Assert.Equal(msg.Value * 2, msg.Result);
                        }
                        else
                        {
                            async.Value = i;
                            server.Port.Send(async);
                            Assert.Same(async, await mine.WaitPortAsync());
                            Assert.Equal(async.Value * 2, async.Result);
                        }
                    }

                    Assert.Equal(perClient / 2, msg.Replies);
                    Assert.Equal(perClient / 2, async.Replies);
                }, cpu: id % 2));
            }

            var outside = Task.Run(() =>
            {
                // Outside the runtime: puts through the external queue, replies to a reply-only port.
                int replied = 0;
                MessagePort replies = MessagePort.CreateReplyOnlyPort(_ => Interlocked.Increment(ref replied));
                for (int i = 0; i < 50; i++)
                {
                    var msg = new Probe(replies) { Value = i };
                    server.Port.Send(msg);
                    Interlocked.Increment(ref outsideSent);
                    SpinWait.SpinUntil(() => msg.IsDone);
                    Assert.Equal(i * 2, msg.Result);
                }

                // The callback runs after Done is published: wait for the last one.
                Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref replied) == 50, TestRuntime.Watchdog));
            });

            foreach (LwktThread td in threads)
            {
                await td.JoinAsync();
            }

            await server.JoinAsync();
            await Foreign.JoinAsync(outside);
        });

        Assert.Equal(50, outsideSent);
    }

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void Waiting_gating_loses_no_wakeup_with_many_clients(int seed)
    {
        const int clients = 8;
        const int perClient = 200;
        TestRuntime.Run(2, async rt =>
        {
            var rnd = new Random(seed);
            LwktThread server = rt.Spawn(
                () => Servers.EchoAsync(clients * perClient, () => rnd.Next(3) == 0 ? LwktThread.YieldAsync() : default),
                cpu: 1);
            await TestRuntime.SpawnAndJoinAllAsync(rt, clients, async id =>
            {
                var msg = new Probe(LwktThread.Current!.Port);
                for (int i = 0; i < perClient; i++)
                {
                    msg.Value = i;
                    Assert.Equal(0, await server.Port.SendAndWaitAsync(msg));
                    Assert.Equal(i + 1, msg.Result);
                }
            }, cpuOf: id => id % 2);

            await server.JoinAsync();
        });
    }

    [Fact]
    public void Priority_messages_are_served_first()
    {
        TestRuntime.Run(1, _ =>
        {
            MessagePort mine = LwktThread.Current!.Port;
            var a = new Probe(mine) { Sequence = 1 };
            var b = new Probe(mine, MessageFlags.Priority) { Sequence = 2 };
            var c = new Probe(mine) { Sequence = 3 };
            var d = new Probe(mine, MessageFlags.Priority) { Sequence = 4 };
            foreach (Probe p in new[] { a, b, c, d })
            {
                mine.Send(p);
            }

            var order = new List<int>();
            while (mine.GetPort() is Probe p)
            {
                order.Add(p.Sequence);
            }

            Assert.Equal([2, 4, 1, 3], order);
            return default;
        });
    }
}
