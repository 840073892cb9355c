namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>Invariant 17 (docs/lwkt-semantics.md): no abort causes a second reply; an abort after the reply is a no-op.</summary>
public class AbortTests
{
    [Fact]
    public void Abort_after_the_reply_or_of_a_non_abortable_message_does_nothing()
    {
        TestRuntime.Run(1, async rt =>
        {
            LwktThread server = rt.Spawn(() => Servers.EchoAsync(2), cpu: 0);
            MessagePort mine = LwktThread.Current!.Port;
            int aborts = 0;
            var msg = new Probe();
            msg.InitAbortable(mine, MessageFlags.None, _ => aborts++);
            Assert.False(msg.Abort(), "an unsent message is done: nothing to abort");
            Assert.Equal(0, await server.Port.SendAndWaitAsync(msg));
            Assert.False(msg.Abort());

            var plain = new Probe(mine);
            server.Port.Send(plain);
            Assert.False(plain.Abort(), "not abortable");
            Assert.Equal(0, await plain.WaitAsync());
            await server.JoinAsync();
            Assert.Equal(0, aborts);
            Assert.Equal(1, msg.Replies);
            Assert.Equal(1, plain.Replies);
        });
    }

    [Fact]
    public void Abort_of_a_pending_message_calls_the_abort_function_once_inside_a_critical_section()
    {
        TestRuntime.Run(1, async _ =>
        {
            MessagePort mine = LwktThread.Current!.Port;
            MessagePort holder = MessagePort.CreateSpinPort();
            int depth = -1;
            var msg = new Probe();
            msg.InitAbortable(mine, MessageFlags.None, m =>
            {
                depth = CriticalSection.Depth;
                m.TargetPort!.GetPort()!.Reply(MessageError.Aborted);
            });
            holder.Send(msg);
            Assert.True(msg.Abort());
            Assert.Equal(1, depth);
            Assert.Equal(MessageError.Aborted, await msg.WaitAsync());
            Assert.False(msg.Abort(), "abort after the reply is a no-op");
        });
    }

    /// <summary>An abort request: asks the server to reply <see cref="Target"/> early if it still holds it.</summary>
    private sealed class AbortRequest(Probe target) : Message
    {
        public Probe Target { get; } = target;
    }

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void Abort_racing_the_reply_across_cpus_never_replies_twice(int seed)
    {
        const int rounds = 200;
        int abortsCalled = 0;
        int abortedReplies = 0;
        TestRuntime.Run(2, async rt =>
        {
            MessagePort abortReplies = MessagePort.CreateReplyOnlyPort();
            var rnd = new Random(seed);

            // The server holds each request for a random number of yields; an abort request that finds its target
            // still held replies it with Aborted, one that comes too late is ignored.
            LwktThread server = rt.Spawn(async () =>
            {
                var srnd = new Random(seed * 31);
                MessagePort port = LwktThread.Current!.Port;
                var held = new List<(Probe Msg, int Until)>();
                int served = 0;
                int now = 0;
                while (served < rounds)
                {
                    Message? next = held.Count == 0 ? await port.WaitPortAsync() : port.GetPort();
                    now++;
                    if (next is Probe request)
                    {
                        held.Add((request, now + srnd.Next(4)));
                    }
                    else if (next is AbortRequest abort)
                    {
                        int i = held.FindIndex(h => h.Msg == abort.Target);
                        if (i >= 0)
                        {
                            held.RemoveAt(i);
                            abort.Target.CountedReply(MessageError.Aborted);
                            served++;
                        }

                        abort.Reply();
                    }

                    for (int i = held.Count - 1; i >= 0; i--)
                    {
                        if (held[i].Until <= now)
                        {
                            held[i].Msg.CountedReply();
                            held.RemoveAt(i);
                            served++;
                        }
                    }

                    if (next is null)
                    {
                        await LwktThread.YieldAsync();
                    }
                }
            }, cpu: 1);

            MessagePort mine = LwktThread.Current!.Port;
            var probes = new List<Probe>();
            for (int i = 0; i < rounds; i++)
            {
                var msg = new Probe { Sequence = i };
                msg.InitAbortable(mine, MessageFlags.None, m =>
                {
                    abortsCalled++;
                    var request = new AbortRequest((Probe)m);
                    request.Init(abortReplies);
                    server.Port.Send(request);
                });
                probes.Add(msg);
                server.Port.Send(msg);
                for (int y = rnd.Next(4); y > 0; y--)
                {
                    await LwktThread.YieldAsync();
                }

                msg.Abort();
                if (rnd.Next(2) == 0)
                {
                    await LwktThread.YieldAsync();
                    msg.Abort();
                }

                int error = await msg.WaitAsync();
                Assert.True(error is MessageError.None or MessageError.Aborted, $"unexpected error {error}");
                abortedReplies += error == MessageError.Aborted ? 1 : 0;
                Assert.False(msg.Abort(), "abort after the reply must be a no-op");
            }

            await server.JoinAsync();
            Assert.Null(mine.GetPort());
            Assert.All(probes, p => Assert.Equal(1, p.Replies));
        });

        Assert.True(abortedReplies <= abortsCalled);
    }
}
