namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>Invariants 15-16 (docs/lwkt-semantics.md): every send is replied exactly once, on every path, with the right flags.</summary>
public class ExactlyOnceTests
{
    private const MessageFlags ReplyDoneQueued = MessageFlags.Reply | MessageFlags.Done | MessageFlags.Queued;

    [Fact]
    public void A_new_or_initialised_message_is_done_and_owned_by_its_originator()
    {
        TestRuntime.Run(1, _ =>
        {
            var msg = new Probe();
            Assert.Equal(MessageFlags.Done, msg.Flags);
            msg.Init(LwktThread.Current!.Port, MessageFlags.Priority | MessageFlags.User1);
            Assert.Equal(MessageFlags.Done | MessageFlags.Priority | MessageFlags.User1, msg.Flags);
            Assert.Same(LwktThread.Current.Port, msg.ReplyPort);
            Assert.Throws<ArgumentException>(() => msg.Init(LwktThread.Current.Port, MessageFlags.Queued));
            Assert.Throws<ArgumentException>(() => msg.Init(LwktThread.Current.Port, MessageFlags.Abortable));
            return default;
        });
    }

    [Fact]
    public void A_synchronous_error_is_returned_by_send_and_wait_and_nothing_is_queued()
    {
        TestRuntime.Run(1, async _ =>
        {
            MessagePort refusing = MessagePort.CreatePutOnlyPort(static _ => 7);
            MessagePort mine = LwktThread.Current!.Port;
            var msg = new Probe(mine);
            ValueTask<int> pending = refusing.SendAndWaitAsync(msg);
            Assert.True(pending.IsCompleted, "a synchronous completion must not block");
            Assert.Equal(7, await pending);
            Assert.Equal(MessageFlags.Done | MessageFlags.Reply | MessageFlags.Sync, msg.Flags);
            Assert.Equal(7, msg.Error);
            Assert.Null(mine.GetPort());
        });
    }

    [Fact]
    public void Send_turns_a_synchronous_error_into_a_queued_reply()
    {
        TestRuntime.Run(1, async _ =>
        {
            MessagePort refusing = MessagePort.CreatePutOnlyPort(static _ => 9);
            MessagePort mine = LwktThread.Current!.Port;
            var msg = new Probe(mine);
            refusing.Send(msg);
            Assert.Equal(ReplyDoneQueued, msg.Flags);
            Assert.Same(msg, await mine.WaitPortAsync());
            Assert.Equal(MessageFlags.Reply | MessageFlags.Done, msg.Flags);
            Assert.Equal(9, msg.Error);
            Assert.Null(mine.GetPort());
        });
    }

    [Fact]
    public void A_target_replying_inside_its_put_completes_send_and_wait_without_blocking_or_queueing()
    {
        TestRuntime.Run(1, async _ =>
        {
            MessagePort inline = MessagePort.CreatePutOnlyPort(static m =>
            {
                m.Result = 42;
                m.Reply(3);
                return MessageError.Async;
            });
            MessagePort mine = LwktThread.Current!.Port;
            var msg = new Probe(mine);
            ValueTask<int> pending = inline.SendAndWaitAsync(msg);
            Assert.True(pending.IsCompleted);
            Assert.Equal(3, await pending);
            Assert.Equal(42, msg.Result);
            Assert.Null(mine.GetPort());
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sync_replies_wake_the_waiter_and_are_never_queued(bool crossCpu)
    {
        const int rounds = 500;
        TestRuntime.Run(2, async rt =>
        {
            LwktThread server = rt.Spawn(
                () => Servers.EchoAsync(rounds, static () => LwktThread.YieldAsync()), cpu: crossCpu ? 1 : 0);
            MessagePort mine = LwktThread.Current!.Port;
            var msg = new Probe(mine);
            for (int i = 0; i < rounds; i++)
            {
                msg.Value = i;
                Assert.Equal(0, await server.Port.SendAndWaitAsync(msg));
                Assert.Equal(i + 1, msg.Result);
                Assert.Equal(MessageFlags.Done | MessageFlags.Reply | MessageFlags.Sync, msg.Flags);
                Assert.Null(mine.GetPort());
            }

            await server.JoinAsync();
            Assert.Equal(rounds, msg.Replies);
        });
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Send_and_wait_done_returns_once_replied_with_the_error_left_in_the_message(bool crossCpu, bool spinReplyPort)
    {
        const int rounds = 200;
        TestRuntime.Run(2, async rt =>
        {
            LwktThread server = rt.Spawn(
                async () =>
                {
                    MessagePort port = LwktThread.Current!.Port;
                    for (int i = 0; i < rounds; i++)
                    {
                        var request = (Probe)await port.WaitPortAsync();
                        request.Result = request.Value + 1;
                        await LwktThread.YieldAsync();
                        request.CountedReply((int)(request.Value % 7));
                    }
                },
                cpu: crossCpu ? 1 : 0);
            MessagePort replyTo = spinReplyPort ? MessagePort.CreateSpinPort() : LwktThread.Current!.Port;
            var msg = new Probe(replyTo);
            for (int i = 0; i < rounds; i++)
            {
                msg.Value = i;
                await server.Port.SendAndWaitDoneAsync(msg);
                Assert.Equal(i + 1, msg.Result);
                Assert.Equal(i % 7, msg.Error);
                Assert.Equal(MessageFlags.Done | MessageFlags.Reply | MessageFlags.Sync, msg.Flags);
            }

            await server.JoinAsync();
            Assert.Equal(rounds, msg.Replies);

            ValueTask refused = MessagePort.CreatePutOnlyPort(static _ => 7).SendAndWaitDoneAsync(msg);
            Assert.True(refused.IsCompleted, "a synchronous completion must not block");
            await refused;
            Assert.Equal(7, msg.Error);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Async_replies_are_queued_with_reply_done_queued_and_wait_dequeues_them(bool crossCpu)
    {
        TestRuntime.Run(2, async rt =>
        {
            LwktThread server = rt.Spawn(() => Servers.EchoAsync(2), cpu: crossCpu ? 1 : 0);
            MessagePort mine = LwktThread.Current!.Port;

            // Poll without waiting, so the reply has to be queued.
            var first = new Probe(mine) { Value = 10 };
            server.Port.Send(first);
            while (!first.IsDone)
            {
                await LwktThread.YieldAsync();
            }

            Assert.Equal(ReplyDoneQueued, first.Flags);
            Assert.Same(first, mine.GetPort());
            Assert.Equal(MessageFlags.Reply | MessageFlags.Done, first.Flags);

            // waitmsg on a message already done but still queued just dequeues it.
            var second = new Probe(mine) { Value = 20 };
            server.Port.Send(second);
            while (!second.IsDone)
            {
                await LwktThread.YieldAsync();
            }

            Assert.Equal(ReplyDoneQueued, second.Flags);
            ValueTask<int> wait = second.WaitAsync();
            Assert.True(wait.IsCompleted);
            Assert.Equal(0, await wait);
            Assert.Equal(MessageFlags.Reply | MessageFlags.Done, second.Flags);
            Assert.Null(mine.GetPort());
            Assert.Equal(21, second.Result);
            await server.JoinAsync();
        });
    }

    [Fact]
    public void Waiting_for_an_async_reply_blocks_until_it_comes_and_leaves_nothing_queued()
    {
        TestRuntime.Run(2, async rt =>
        {
            LwktThread server = rt.Spawn(() => Servers.EchoAsync(1, static () => LwktThread.SleepAsync(TimeSpan.FromMilliseconds(1))), cpu: 1);
            MessagePort mine = LwktThread.Current!.Port;
            var msg = new Probe(mine) { Value = 1 };
            server.Port.Send(msg);
            Assert.Equal(0, await msg.WaitAsync());
            Assert.Equal(MessageFlags.Reply | MessageFlags.Done, msg.Flags);
            Assert.Null(mine.GetPort());
            await server.JoinAsync();
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_forwarded_message_is_replied_once_to_its_originator(bool crossCpu)
    {
        const int rounds = 200;
        TestRuntime.Run(2, async rt =>
        {
            LwktThread last = rt.Spawn(() => Servers.EchoAsync(rounds), cpu: crossCpu ? 1 : 0);
            MessagePort refusing = MessagePort.CreatePutOnlyPort(static _ => 5);
            LwktThread relay = rt.Spawn(async () =>
            {
                MessagePort port = LwktThread.Current!.Port;
                for (int i = 0; i < 2 * rounds; i++)
                {
                    var msg = (Probe)await port.WaitPortAsync();
                    Assert.Throws<InvalidOperationException>(() => port.Forward(new Probe(port)));
                    if (msg.Sequence % 2 == 0)
                    {
                        last.Port.Forward(msg);
                    }
                    else
                    {
                        // A synchronous error from the next port is replied at once, still exactly once.
                        Interlocked.Increment(ref msg.Replies);
                        refusing.Forward(msg);
                    }
                }
            }, cpu: crossCpu ? 0 : 0);

            MessagePort mine = LwktThread.Current!.Port;
            var sync = new Probe(mine);
            var async = new Probe(mine);
            for (int i = 0; i < rounds; i++)
            {
                sync.Sequence = 2 * i;
                sync.Value = i;
                Assert.Equal(0, await relay.Port.SendAndWaitAsync(sync));
                Assert.Equal(i + 1, sync.Result);

                async.Sequence = (2 * i) + 1;
                relay.Port.Send(async);
                Assert.Same(async, await mine.WaitPortAsync());
                Assert.Equal(5, async.Error);
                Assert.Null(mine.GetPort());
            }

            await relay.JoinAsync();
            await last.JoinAsync();
            Assert.Equal(rounds, sync.Replies);
            Assert.Equal(rounds, async.Replies);
        });
    }

    [Fact]
    public void Sending_a_message_that_is_not_done_or_is_queued_throws()
    {
        TestRuntime.Run(1, async rt =>
        {
            MessagePort mine = LwktThread.Current!.Port;
            MessagePort sink = MessagePort.CreateSpinPort();
            var msg = new Probe(mine);
            sink.Send(msg);
            Assert.Throws<InvalidOperationException>(() => sink.Send(msg));
            Assert.Throws<InvalidOperationException>(() => Misuse.SendAndWait(sink, msg));
            Assert.Throws<InvalidOperationException>(() => msg.Init(mine));

            // Replied and still queued on the reply port: Done, but not yet owned again.
            Assert.Same(msg, sink.GetPort());
            msg.Reply();
            Assert.Equal(ReplyDoneQueued, msg.Flags);
            Assert.Throws<InvalidOperationException>(() => sink.Send(msg));
            Assert.Equal(0, await msg.WaitAsync());
            sink.Send(msg);
            Assert.Same(msg, sink.GetPort());
            msg.Reply();
            Assert.Same(msg, await mine.WaitPortAsync());

            var orphan = new Probe();
            Assert.Throws<InvalidOperationException>(() => sink.Send(orphan));
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_second_reply_throws_on_every_path(bool crossCpu)
    {
        TestRuntime.Run(2, async rt =>
        {
            MessagePort mine = LwktThread.Current!.Port;
            Assert.Throws<InvalidOperationException>(() => new Probe(mine).Reply());

            var requests = MessagePort.CreateSpinPort();
            int failures = 0;
            LwktThread server = rt.Spawn(async () =>
            {
                for (int i = 0; i < 2; i++)
                {
                    Message msg = await requests.WaitPortAsync();
                    msg.Reply();
                    try
                    {
                        msg.Reply();
                    }
                    catch (InvalidOperationException)
                    {
                        failures++;
                    }
                }
            }, cpu: crossCpu ? 1 : 0);

            var sync = new Probe(mine);
            Assert.Equal(0, await requests.SendAndWaitAsync(sync));
            var async = new Probe(mine);
            requests.Send(async);
            Assert.Same(async, await mine.WaitPortAsync());
            await server.JoinAsync();
            Assert.Equal(2, failures);
            Assert.Null(mine.GetPort());
        });
    }
}
