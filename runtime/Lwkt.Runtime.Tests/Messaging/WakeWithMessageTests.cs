namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>
/// A port waiter on another CPU is handed its message by the IPI itself (docs/cross-cpu.md, What a cross-CPU message
/// touches): the waker writes the message and nothing of the waiting thread; the waiter's CPU stores the hand-over.
/// </summary>
public class WakeWithMessageTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    public void A_waiter_on_another_cpu_gets_the_message_the_ipi_carries(int seed)
    {
        // Deterministic mode: one OS thread runs both CPUs, so the IPI is still in the ring when the sender looks.
        using var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2, DeterministicSeed = seed });
        MessagePort port = MessagePort.CreateSpinPort();
        var msg = new Probe(MessagePort.CreateReplyOnlyPort()) { Sequence = 7 };
        Message? received = null;
        bool waiting = false;
        LwktThread? inFlightTo = null;
        Message? receivedWhileInFlight = null;
        rt.Run(async () =>
        {
            LwktThread waiter = rt.Spawn(async () =>
            {
                // Set and blocked in one run of the thread: nothing else runs on its CPU in between.
                waiting = true;
                received = await port.WaitPortAsync();
            }, cpu: 1);
            LwktThread sender = rt.Spawn(async () =>
            {
                while (!waiting)
                {
                    await LwktThread.YieldAsync();
                }

                port.Send(msg);
                inFlightTo = msg._handTo;
                receivedWhileInFlight = received;
            }, cpu: 0);
            await sender.JoinAsync();
            await waiter.JoinAsync();
            Assert.Same(waiter, inFlightTo);
        });

        Assert.Null(receivedWhileInFlight);
        Assert.Same(msg, received);
        Assert.Null(msg._handTo);
    }
}
