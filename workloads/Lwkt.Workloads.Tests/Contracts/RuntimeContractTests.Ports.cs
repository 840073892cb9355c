using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Tests.Contracts;

public abstract partial class RuntimeContractTests
{
    [Fact]
    public void Send_delivers_each_senders_messages_in_order_and_exactly_once()
    {
        RtPort port = Runtime.CreatePort();
        const int Senders = 3, PerSender = 300;
        RtMessage[][] messages = [.. Enumerable.Range(0, Senders).Select(_ =>
            Enumerable.Range(0, PerSender).Select(_ => port.NewMessage()).ToArray())];
        var next = new long[Senders];
        int outOfOrder = 0;

        RunThreads(Senders + 1, async index =>
        {
            if (index < Senders)
            {
                for (int i = 0; i < PerSender; i++)
                {
                    RtMessage message = messages[index][i];
                    message.From = index;
                    message.Sequence = i;
                    port.Send(message);
                    if (i % 64 == 0)
                    {
                        await Runtime.YieldAsync();
                    }
                }

                return;
            }

            for (int received = 0; received < Senders * PerSender; received++)
            {
                RtMessage message = await port.ReceiveAsync();
                if (message.Sequence != next[message.From])
                {
                    outOfOrder++;
                }

                next[message.From]++;
            }
        });

        Assert.Equal(0, outOfOrder);
        Assert.All(next, count => Assert.Equal(PerSender, count));
    }

    [Fact]
    public void Call_returns_after_exactly_one_reply_with_the_receivers_answer()
    {
        RtPort port = Runtime.CreatePort();
        const int Callers = 2, Calls = 200;
        var replies = new int[Callers];
        int wrongAnswers = 0;

        RunThreads(Callers + 1, async index =>
        {
            if (index == Callers)
            {
                for (int served = 0; served < Callers * Calls; served++)
                {
                    RtMessage request = await port.ReceiveAsync();
                    request.Payload = (request.Payload * 2) + 1;
                    Interlocked.Increment(ref replies[request.From]);
                    port.Reply(request);
                }

                return;
            }

            RtMessage message = port.NewMessage();
            message.From = index;
            for (int call = 0; call < Calls; call++)
            {
                long question = (index * 1_000_000L) + call;
                message.Payload = question;
                message.Sequence = call;
                await port.CallAsync(message);
                if (message.Payload != (question * 2) + 1 || Volatile.Read(ref replies[index]) != call + 1)
                {
                    Interlocked.Increment(ref wrongAnswers);
                }
            }
        });

        Assert.Equal(0, wrongAnswers);
        Assert.All(replies, count => Assert.Equal(Calls, count));
    }

    [Fact]
    public void A_receiver_on_an_empty_port_waits_for_a_later_send()
    {
        RtPort port = Runtime.CreatePort();
        RtMessage message = port.NewMessage();
        int receiverWaiting = 0;
        long received = -1;

        RunThreads(2, async index =>
        {
            if (index == 0)
            {
                Volatile.Write(ref receiverWaiting, 1);
                received = (await port.ReceiveAsync()).Payload;
                return;
            }

            await YieldUntil(() => Volatile.Read(ref receiverWaiting) == 1);
            await Runtime.SleepAsync(1_000_000);
            message.Payload = 42;
            port.Send(message);
        });

        Assert.Equal(42, received);
    }
}
