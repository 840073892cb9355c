namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>
/// <see cref="PortReceiver{TResult}"/>: a port's receive completing with the caller's own type, its continuation on the
/// waiting thread (no forwarding source in between).
/// </summary>
public class PortReceiverTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public void Receives_queued_and_handed_messages_in_order_as_the_callers_type(int cpus, bool spinPort)
    {
        const int Count = 200;
        var got = new List<int>();
        var receivedOn = new List<LwktThread?>();
        TestRuntime.Run(cpus, async rt =>
        {
            MessagePort? port = spinPort ? MessagePort.CreateSpinPort() : null;
            LwktThread? receiving = null;
            LwktThread server = rt.Spawn(async () =>
            {
                receiving = LwktThread.Current;
                var receiver = new SequenceReceiver(port ?? LwktThread.Current!.Port, receivedOn);
                for (int i = 0; i < Count; i++)
                {
                    Probe probe = await receiver.ReceiveAsync();
                    got.Add(probe.Sequence);
                    probe.Reply();
                }
            }, cpu: 0);

            // Half are sent while the server waits (handed over), half in a burst it finds queued.
            MessagePort target = port ?? server.Port;
            var probes = Enumerable.Range(0, Count).Select(i => new Probe(MessagePort.CreateReplyOnlyPort()) { Sequence = i }).ToArray();
            for (int i = 0; i < Count; i++)
            {
                target.Send(probes[i]);
                if (i < Count / 2)
                {
                    await LwktThread.YieldAsync();
                }
            }

            await server.JoinAsync();
            Assert.All(receivedOn, td => Assert.Same(receiving, td));
        });

        Assert.Equal(Enumerable.Range(0, Count), got);
        Assert.Equal(Count, receivedOn.Count);
    }

    [Fact]
    public void Only_the_thread_ports_owner_may_receive_through_it()
    {
        TestRuntime.Run(1, async rt =>
        {
            var receiver = new SequenceReceiver(LwktThread.Current!.Port, []);
            LwktThread intruder = rt.Spawn(() =>
            {
                Assert.Throws<InvalidOperationException>(() => Misuse.Receive(receiver));
                return default;
            });
            await intruder.JoinAsync();
        });
    }

    /// <summary>Completes with the probe, noting the thread each conversion ran on.</summary>
    private sealed class SequenceReceiver(MessagePort port, List<LwktThread?> receivedOn) : PortReceiver<Probe>(port)
    {
        protected override Probe Received(Message msg)
        {
            receivedOn.Add(LwktThread.Current);
            return (Probe)msg;
        }
    }
}
