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

    [Fact]
    public void Messages_sent_before_the_first_receive_come_first_and_in_order()
    {
        RtPort port = Runtime.CreatePort();
        const int Early = 100, Late = 100;
        RtMessage[] messages = [.. Enumerable.Range(0, Early + Late).Select(_ => port.NewMessage())];
        int sentEarly = 0, received = 0, outOfOrder = 0;

        RunThreads(2, async index =>
        {
            if (index == 0)
            {
                for (int i = 0; i < Early + Late; i++)
                {
                    if (i == Early)
                    {
                        // The rest goes after the receiver has taken one (the lwkt port binds at the first receive).
                        Volatile.Write(ref sentEarly, 1);
                        await YieldUntil(() => Volatile.Read(ref received) != 0);
                    }

                    messages[i].Sequence = i;
                    port.Send(messages[i]);
                    if (i % 16 == 0)
                    {
                        await Runtime.YieldAsync();
                    }
                }

                return;
            }

            await YieldUntil(() => Volatile.Read(ref sentEarly) == 1);
            for (int i = 0; i < Early + Late; i++)
            {
                RtMessage message = await port.ReceiveAsync();
                outOfOrder += message.Sequence == i ? 0 : 1;
                Volatile.Write(ref received, i + 1);
            }
        });

        Assert.Equal(0, outOfOrder);
        Assert.Equal(Early + Late, received);
    }
}
