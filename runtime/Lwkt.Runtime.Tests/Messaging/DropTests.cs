namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>Drop rules (docs/lwkt-semantics.md invariant 18).</summary>
public class DropTests
{
    [Fact]
    public void The_owner_drops_a_queued_request_which_is_then_done_and_never_replied()
    {
        TestRuntime.Run(1, async _ =>
        {
            MessagePort mine = LwktThread.Current!.Port;
            var msg = new Probe(mine, MessageFlags.Dropable);
            mine.Send(msg);
            Assert.Equal(MessageFlags.Queued | MessageFlags.Dropable, msg.Flags);
            Assert.Equal(MessageError.None, msg.Drop());
            Assert.Equal(MessageFlags.Done | MessageFlags.Dropable, msg.Flags);
            Assert.Null(mine.GetPort());
            Assert.Equal(MessageError.NotFound, msg.Drop());

            // Dropped means owned again: it can be sent anew.
            mine.Send(msg);
            Assert.Same(msg, await mine.WaitPortAsync());
            Assert.Equal(MessageError.NotFound, msg.Drop());
            msg.Reply();
            Assert.Equal(MessageFlags.Done | MessageFlags.Reply | MessageFlags.Queued | MessageFlags.Dropable, msg.Flags);
            Assert.Equal(MessageError.NotFound, msg.Drop());
            Assert.Same(msg, mine.GetPort());
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Only_the_target_owner_may_drop(bool crossCpu)
    {
        TestRuntime.Run(2, async rt =>
        {
            var msg = new Probe();
            int result = -1;
            bool attempted = false;
            LwktThread owner = rt.Spawn(async () =>
            {
                MessagePort port = LwktThread.Current!.Port;
                msg.Init(port, MessageFlags.Dropable);
                port.Send(msg);

                // Wait for the other thread's attempt itself, not for a time window a loaded machine can overrun.
                while (!Volatile.Read(ref attempted))
                {
                    await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(1));
                }

                Assert.Equal(MessageFlags.Queued | MessageFlags.Dropable, msg.Flags);
                Assert.Same(msg, port.GetPort());
                msg.Reply();
                Assert.Same(msg, port.GetPort());
            }, cpu: 0);
            LwktThread other = rt.Spawn(async () =>
            {
                while ((msg.Flags & MessageFlags.Queued) == 0)
                {
                    await LwktThread.YieldAsync();
                }

                result = msg.Drop();
                Volatile.Write(ref attempted, true);
            }, cpu: crossCpu ? 1 : 0);
            await other.JoinAsync();
            await owner.JoinAsync();
            Assert.Equal(MessageError.NotFound, result);
        });
    }

    [Fact]
    public void A_message_that_is_not_dropable_cannot_be_dropped_and_a_dropable_one_cannot_be_waited_on()
    {
        TestRuntime.Run(1, _ =>
        {
            MessagePort mine = LwktThread.Current!.Port;
            var plain = new Probe(mine);
            mine.Send(plain);
            Assert.Throws<InvalidOperationException>(() => plain.Drop());
            Assert.Same(plain, mine.GetPort());

            var dropable = new Probe(mine, MessageFlags.Dropable);
            Assert.Throws<InvalidOperationException>(() => Misuse.SendAndWait(mine, dropable));
            Assert.Equal(MessageFlags.Done | MessageFlags.Dropable, dropable.Flags);
            mine.Send(dropable);
            Assert.Throws<InvalidOperationException>(() => Misuse.Wait(dropable));
            Assert.Equal(MessageError.None, dropable.Drop());
            return default;
        });
    }

    [Fact]
    public void Spin_and_serializer_ports_drop_only_queued_requests()
    {
        TestRuntime.Run(1, async _ =>
        {
            MessagePort mine = LwktThread.Current!.Port;
            MessagePort spin = MessagePort.CreateSpinPort();
            var msg = new Probe(mine, MessageFlags.Dropable);
            spin.Send(msg);
            Assert.Equal(MessageError.None, msg.Drop());
            Assert.Null(spin.GetPort());

            var serializer = new Serializer();
            MessagePort guarded = MessagePort.CreateSerializerPort(serializer);
            await serializer.EnterAsync();
            guarded.Send(msg);
            serializer.Exit();
            Assert.Equal(MessageError.NotFound, msg.Drop());
            await serializer.EnterAsync();
            Assert.Equal(MessageError.None, msg.Drop());
            Assert.Null(guarded.GetPort());
            serializer.Exit();
        });
    }
}
