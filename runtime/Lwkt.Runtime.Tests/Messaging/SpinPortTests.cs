namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>Invariant 19 (docs/lwkt-semantics.md), spin ports: any thread may wait; no wakeup is lost with many senders and waiters.</summary>
public class SpinPortTests
{
    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void Many_senders_and_waiters_deliver_every_message_exactly_once(int seed)
    {
        const int senders = 4;
        const int waiters = 4;
        const int perSender = 300;
        const int outsideCount = 100;
        int total = (senders * perSender) + outsideCount;
        var seen = new int[total];
        TestRuntime.Run(2, async rt =>
        {
            MessagePort port = MessagePort.CreateSpinPort();
            MessagePort sink = MessagePort.CreateReplyOnlyPort();
            var rnd = new Random(seed);
            var threads = new List<LwktThread>();
            for (int w = 0; w < waiters; w++)
            {
                bool yields = rnd.Next(2) == 0;
                threads.Add(rt.Spawn(async () =>
                {
                    while (true)
                    {
                        var msg = (Probe)await port.WaitPortAsync();
                        if (msg.Sequence < 0)
                        {
                            return;
                        }

                        Assert.Equal(0, Interlocked.Exchange(ref seen[msg.Sequence], 1));
                        if (yields)
                        {
                            await LwktThread.YieldAsync();
                        }
                    }
                }, cpu: w % 2));
            }

            var producers = new List<LwktThread>();
            for (int s = 0; s < senders; s++)
            {
                int first = s * perSender;
                int pace = rnd.Next(1, 8);
                producers.Add(rt.Spawn(async () =>
                {
                    for (int i = 0; i < perSender; i++)
                    {
                        port.Send(new Probe(sink) { Sequence = first + i });
                        if (i % pace == 0)
                        {
                            await LwktThread.YieldAsync();
                        }
                    }
                }, cpu: s % 2));
            }

            var outside = Task.Run(() =>
            {
                for (int i = 0; i < outsideCount; i++)
                {
                    port.Send(new Probe(sink) { Sequence = (senders * perSender) + i });
                }
            });

            foreach (LwktThread td in producers)
            {
                await td.JoinAsync();
            }

            await Foreign.JoinAsync(outside);
            for (int w = 0; w < waiters; w++)
            {
                port.Send(new Probe(sink) { Sequence = -1 });
            }

            foreach (LwktThread td in threads)
            {
                await td.JoinAsync();
            }

            Assert.Null(port.GetPort());
        });

        Assert.All(seen, s => Assert.Equal(1, s));
    }

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void Sync_waiters_sharing_a_spin_reply_port_are_each_woken_by_their_own_reply(int seed)
    {
        const int clients = 6;
        const int perClient = 150;
        TestRuntime.Run(2, async rt =>
        {
            MessagePort shared = MessagePort.CreateSpinPort();
            var rnd = new Random(seed);
            LwktThread server = rt.Spawn(
                () => Servers.EchoAsync(clients * perClient * 2, () => rnd.Next(4) == 0 ? LwktThread.YieldAsync() : default),
                cpu: 1);
            await TestRuntime.SpawnAndJoinAllAsync(rt, clients, async id =>
            {
                var msg = new Probe(shared);
                for (int i = 0; i < perClient; i++)
                {
                    msg.Value = (id * 10_000) + i;
                    Assert.Equal(0, await server.Port.SendAndWaitAsync(msg));
                    Assert.Equal(msg.Value + 1, msg.Result);
                    Assert.Equal(MessageFlags.Done | MessageFlags.Reply | MessageFlags.Sync, msg.Flags);

                    // Async send, then wait on the message itself: the reply is handed to this waiter.
                    server.Port.Send(msg);
                    Assert.Equal(0, await msg.WaitAsync());
                    Assert.Equal(MessageFlags.Done | MessageFlags.Reply, msg.Flags);
                }

                Assert.Equal(2 * perClient, msg.Replies);
            }, cpuOf: id => id % 2);

            await server.JoinAsync();
            Assert.Null(shared.GetPort());
        });
    }

    [Fact]
    public void A_reply_from_outside_the_runtime_wakes_a_spin_port_waiter_and_queues_when_nobody_waits()
    {
        TestRuntime.Run(1, async rt =>
        {
            MessagePort shared = MessagePort.CreateSpinPort();
            MessagePort requests = MessagePort.CreateSpinPort();
            var msg = new Probe(shared);
            requests.Send(msg);
            var replier = Task.Run(() =>
            {
                Message? got;
                while ((got = requests.GetPort()) is null)
                {
                    Thread.Yield();
                }

                Thread.Sleep(5);
                got.Reply(4);
            });
            Assert.Equal(4, await msg.WaitAsync());
            await Foreign.JoinAsync(replier);

            requests.Send(msg);
            requests.GetPort()!.Reply(6);
            Assert.Equal(MessageFlags.Done | MessageFlags.Reply | MessageFlags.Queued, msg.Flags);
            Assert.Same(msg, await shared.WaitPortAsync());
            Assert.Equal(6, msg.Error);
        });
    }

    /// <summary>
    /// The oldest waiter is kept inline in the port and the younger ones overflow into a queue (PortWaiters): messages
    /// go to waiters in the order they registered, across the inline slot, the overflow and a waiter that arrives after
    /// the overflow has moved up.
    /// </summary>
    [Fact]
    public void Messages_go_to_port_waiters_in_the_order_they_registered()
    {
        var got = new List<(int Waiter, int Sequence)>();
        TestRuntime.Run(1, async rt =>
        {
            MessagePort port = MessagePort.CreateSpinPort();
            MessagePort sink = MessagePort.CreateReplyOnlyPort();
            var waiters = new List<LwktThread>();
            ValueTask WaitOnce(int id) => WaitAndRecordAsync(port, got, id);

            // One CPU, spawned in order: each runs to its wait before the next starts.
            for (int w = 0; w < 3; w++)
            {
                int id = w;
                waiters.Add(rt.Spawn(() => WaitOnce(id)));
                await LwktThread.YieldAsync();
            }

            port.Send(new Probe(sink) { Sequence = 0 });
            waiters.Add(rt.Spawn(() => WaitOnce(3)));
            await LwktThread.YieldAsync();
            for (int i = 1; i < 4; i++)
            {
                port.Send(new Probe(sink) { Sequence = i });
            }

            foreach (LwktThread td in waiters)
            {
                await td.JoinAsync();
            }
        });

        // Sorted by waiter: the order in which the woken waiters then run is the scheduler's business.
        Assert.Equal([(0, 0), (1, 1), (2, 2), (3, 3)], got.OrderBy(g => g.Waiter));
    }

    private static async ValueTask WaitAndRecordAsync(MessagePort port, List<(int Waiter, int Sequence)> got, int id)
    {
        var msg = (Probe)await port.WaitPortAsync();
        got.Add((id, msg.Sequence));
    }
}
