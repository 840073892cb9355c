using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Tests.Messaging;

/// <summary>
/// Message waits awaited through awaiters of the caller's own, not a ValueTask: <see cref="MessagePort.SendAndBlock"/>
/// with <see cref="LwktThread.ResumeCurrentThen"/>, and <see cref="PortReceiver{TResult}.TryReceive"/> with its
/// <see cref="PortReceiver{TResult}.ResumeThen"/> and <see cref="PortReceiver{TResult}.TakeResult"/> (the workloads'
/// port adapter awaits them so).
/// </summary>
public class OwnAwaiterTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public void Calls_and_receives_resume_the_waiting_thread_with_every_reply_and_message_in_order(int cpus, bool spinPort)
    {
        const int Count = 300;
        var got = new List<int>();
        var replies = new List<long>();
        TestRuntime.Run(cpus, async rt =>
        {
            MessagePort? port = spinPort ? MessagePort.CreateSpinPort() : null;
            LwktThread server = rt.Spawn(async () =>
            {
                LwktThread me = LwktThread.Current!;
                var receiver = new ProbeReceiver(port ?? me.Port);
                for (int i = 0; i < Count; i++)
                {
                    Probe probe = await Receive(receiver);
                    Assert.Same(me, LwktThread.Current);
                    got.Add(probe.Sequence);
                    probe.Result = probe.Value + 1;
                    probe.Reply();
                }
            }, cpu: 0);

            // The client runs on the last CPU: the same as the server's at 1, the other at 2.
            LwktThread client = rt.Spawn(async () =>
            {
                LwktThread me = LwktThread.Current!;
                MessagePort target = port ?? server.Port;
                var probe = new Probe(me.Port);
                for (int i = 0; i < Count; i++)
                {
                    probe.Sequence = i;
                    probe.Value = 10 * i;
                    await Call(target, probe);
                    Assert.Same(me, LwktThread.Current);
                    replies.Add(probe.Result);
                }
            }, cpu: cpus - 1);

            await client.JoinAsync();
            await server.JoinAsync();
        });

        Assert.Equal(Enumerable.Range(0, Count), got);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (10L * i) + 1), replies);
    }

    [Fact]
    public void Arming_a_continuation_with_a_stale_token_throws()
    {
        TestRuntime.Run(1, async _ =>
        {
            LwktThread me = LwktThread.Current!;
            short stale = (short)me.WaitVersion;
            await LwktThread.YieldAsync();
            Assert.Throws<InvalidOperationException>(() => me.ResumeThen(stale, static () => { }));
            Assert.Throws<InvalidOperationException>(() => LwktThread.ResumeCurrentThen(stale, static () => { }));
        });
    }

    [Fact]
    public void Arming_a_continuation_outside_an_lwkt_thread_throws()
    {
        Assert.Throws<InvalidOperationException>(() => LwktThread.ResumeCurrentThen(0, static () => { }));
    }

    private static CallAwaiter Call(MessagePort port, Message msg) => new(port.SendAndBlock(msg, out short token), token);

    private static ReceiveAwaiter Receive(ProbeReceiver receiver)
    {
        bool done = receiver.TryReceive(out Probe? probe, out short token);
        return new ReceiveAwaiter(receiver, done ? probe : null, token);
    }

    private sealed class ProbeReceiver(MessagePort port) : PortReceiver<Probe>(port)
    {
        protected override Probe Received(Message msg) => (Probe)msg;
    }

    /// <summary>A call's await: pending until the reply resumes the caller.</summary>
    private readonly struct CallAwaiter(bool pending, short token) : ICriticalNotifyCompletion
    {
        public bool IsCompleted => !pending;

        public CallAwaiter GetAwaiter() => this;

        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => LwktThread.ResumeCurrentThen(token, continuation);

        public void GetResult()
        {
        }
    }

    /// <summary>A receive's await: the probe found at once, or pending on the receiver.</summary>
    private readonly struct ReceiveAwaiter(ProbeReceiver receiver, Probe? found, short token) : ICriticalNotifyCompletion
    {
        public bool IsCompleted => found is not null;

        public ReceiveAwaiter GetAwaiter() => this;

        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => receiver.ResumeThen(token, continuation);

        public Probe GetResult() => found ?? receiver.TakeResult(token);
    }
}
