namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>The serializer (lwkt_serialize) and the serializer port.</summary>
public class SerializerTests
{
    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void A_serializer_excludes_others_even_while_its_holder_blocks(int seed)
    {
        const int threads = 6;
        const int rounds = 100;
        long counter = 0;
        int inside = 0;
        TestRuntime.Run(2, async rt =>
        {
            var serializer = new Serializer();
            var rnd = new Random(seed);
            var all = new List<LwktThread>();
            for (int t = 0; t < threads; t++)
            {
                int blockEvery = rnd.Next(1, 4);
                all.Add(rt.Spawn(async () =>
                {
                    for (int i = 0; i < rounds; i++)
                    {
                        await serializer.EnterAsync();
                        Assert.Equal(1, Interlocked.Increment(ref inside));
                        Assert.Same(LwktThread.Current, serializer.Owner);
                        long seen = counter;
                        if (i % blockEvery == 0)
                        {
                            await LwktThread.YieldAsync();
                        }

                        counter = seen + 1;
                        Interlocked.Decrement(ref inside);
                        serializer.Exit();
                    }
                }, cpu: t % 2));
            }

            foreach (LwktThread td in all)
            {
                await td.JoinAsync();
            }
        });

        Assert.Equal(threads * rounds, counter);
    }

    [Fact]
    public void A_serializer_is_not_recursive_and_only_its_holder_exits()
    {
        TestRuntime.Run(1, async rt =>
        {
            var serializer = new Serializer();
            await serializer.EnterAsync();
            Assert.True(serializer.IsHeldByCurrentThread);
            Assert.Throws<InvalidOperationException>(() => Misuse.Enter(serializer));
            LwktThread other = rt.Spawn(() =>
            {
                Assert.False(serializer.TryEnter());
                Assert.Throws<InvalidOperationException>(serializer.Exit);
                return default;
            }, cpu: 0);
            await other.JoinAsync();
            serializer.Exit();
            Assert.Null(serializer.Owner);
            Assert.True(serializer.TryEnter());
            serializer.Exit();
        });
    }

    [Fact]
    public void Serializer_port_operations_require_the_serializer_and_waiters_give_it_up_while_they_wait()
    {
        TestRuntime.Run(2, async rt =>
        {
            var serializer = new Serializer();
            MessagePort port = MessagePort.CreateSerializerPort(serializer);
            MessagePort mine = LwktThread.Current!.Port;
            Assert.Throws<InvalidOperationException>(() => port.Send(new Probe(mine)));
            Assert.Throws<InvalidOperationException>(() => port.GetPort());

            const int count = 200;
            int received = 0;
            LwktThread consumer = rt.Spawn(async () =>
            {
                await serializer.EnterAsync();
                for (int i = 0; i < count; i++)
                {
                    var msg = (Probe)await port.WaitPortAsync();
                    Assert.True(serializer.IsHeldByCurrentThread, "a serializer port wait returns holding the serializer");
                    Assert.Equal(i, msg.Sequence);
                    received++;
                    msg.CountedReply();
                }

                serializer.Exit();
            }, cpu: 1);

            var msgs = new List<Probe>();
            for (int i = 0; i < count; i++)
            {
                // The consumer waits holding nothing, so the producer can enter while it waits.
                await serializer.EnterAsync();
                var msg = new Probe(mine) { Sequence = i };
                msgs.Add(msg);
                port.Send(msg);
                serializer.Exit();
                if (i % 3 == 0)
                {
                    await LwktThread.YieldAsync();
                }
            }

            for (int i = 0; i < count; i++)
            {
                Assert.Same(msgs[i], await mine.WaitPortAsync());
            }

            await consumer.JoinAsync();
            Assert.Equal(count, received);
            Assert.All(msgs, m => Assert.Equal(1, m.Replies));
        });
    }

    [Fact]
    public void A_sync_waiter_on_a_serializer_reply_port_is_woken_holding_the_serializer()
    {
        TestRuntime.Run(2, async rt =>
        {
            var serializer = new Serializer();
            MessagePort replies = MessagePort.CreateSerializerPort(serializer);
            MessagePort requests = MessagePort.CreateSpinPort();
            LwktThread server = rt.Spawn(async () =>
            {
                for (int i = 0; i < 100; i++)
                {
                    var msg = (Probe)await requests.WaitPortAsync();
                    msg.Result = msg.Value * 3;
                    await serializer.EnterAsync();
                    msg.CountedReply();
                    serializer.Exit();
                }
            }, cpu: 1);

            var probe = new Probe(replies);
            await serializer.EnterAsync();
            for (int i = 0; i < 100; i++)
            {
                probe.Value = i;
                Assert.Equal(0, await requests.SendAndWaitAsync(probe));
                Assert.True(serializer.IsHeldByCurrentThread);
                Assert.Equal(i * 3, probe.Result);
            }

            serializer.Exit();
            await server.JoinAsync();
            Assert.Equal(100, probe.Replies);
        });
    }
}
