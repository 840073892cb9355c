using System.Globalization;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// Messages through a port of the runtime: senders make calls (send and wait for the reply) and one-way sends; one
/// server receives. Checks: every call comes back exactly once with the server's answer, one-way messages arrive in
/// order per sender with none lost or repeated, and at the end every call was served once.
/// </summary>
internal sealed class PortStressor : ITortureStressor
{
    /// <summary><see cref="RtMessage.From"/> of the last message of a sender, after which the server expects nothing from it.</summary>
    private const int Goodbye = int.MinValue;

    private readonly TortureContext _ctx;
    private readonly RtPort _port;
    private readonly StatGroup _group;
    private readonly int _senders;
    private long _calls;
    private long _sends;
    private long _served;
    private long _received;

    public PortStressor(TortureContext ctx)
    {
        _ctx = ctx;
        _port = ctx.Runtime.CreatePort();
        _senders = Math.Max(1, ctx.Options.Cores);
        _group = ctx.AddGroup("Messages", () => string.Create(
            CultureInfo.InvariantCulture,
            $"(calls {Volatile.Read(ref _calls)}, one-way {Volatile.Read(ref _sends)}, served {Volatile.Read(ref _served)}, received {Volatile.Read(ref _received)})"));
        for (int i = 0; i < _senders; i++)
        {
            int sender = i;
            ctx.AddThread($"s{i}", _group, t => SenderAsync(t, sender));
        }

        ctx.AddThread("server", null, ServerAsync);
    }

    /// <summary>What the server makes of a call's payload.</summary>
    private static long Answer(long payload) => unchecked((payload * 3) + 1);

    /// <inheritdoc/>
    public void CheckEnd()
    {
        if (Volatile.Read(ref _served) != Volatile.Read(ref _calls))
        {
            _ctx.Fail(_group, $"counters: {_served} calls served for {_calls} completed");
        }

        if (Volatile.Read(ref _received) != Volatile.Read(ref _sends))
        {
            _ctx.Fail(_group, $"counters: {_received} one-way messages received of {_sends} sent");
        }
    }

    private async ValueTask SenderAsync(TortureThread t, int sender)
    {
        RtMessage call = _port.NewMessage();
        long callSequence = 0;
        long sendSequence = 0;
        try
        {
            while (await _ctx.LoopTopAsync(t))
            {
                if (!TortureContext.Chance(t, 4))
                {
                    long payload = (long)(t.Random.Next() >> 2);
                    call.Payload = payload;
                    call.Sequence = ++callSequence;
                    call.From = sender;
                    _ctx.Enter(t, TorturePhase.Call);
                    await _port.CallAsync(call);
                    _ctx.Enter(t, TorturePhase.Run);
                    if (call.Payload != Answer(payload) || call.Sequence != callSequence)
                    {
                        _ctx.Fail(_group, $"messages: call {callSequence} of {t.Name} came back with payload {call.Payload} (expected {Answer(payload)}) and sequence {call.Sequence}");
                    }

                    Interlocked.Increment(ref _calls);
                }
                else
                {
                    RtMessage message = _port.NewMessage();
                    message.From = -(sender + 1);
                    message.Sequence = sendSequence++;
                    _port.Send(message);
                    Interlocked.Increment(ref _sends);
                }

                t.AddOp();
            }
        }
        finally
        {
            RtMessage goodbye = _port.NewMessage();
            goodbye.From = Goodbye;
            goodbye.Sequence = sender;
            _port.Send(goodbye);
        }
    }

    private async ValueTask ServerAsync(TortureThread t)
    {
        long[] expected = new long[_senders];
        int goodbyes = 0;
        while (goodbyes < _senders)
        {
            await _ctx.LoopTopAsync(t, stutter: false);
            _ctx.Enter(t, TorturePhase.Receive);
            RtMessage message = await _port.ReceiveAsync();
            _ctx.Enter(t, TorturePhase.Run);
            if (message.From == Goodbye)
            {
                goodbyes++;
                continue;
            }

            if (message.From >= 0)
            {
                message.Payload = Answer(message.Payload);
                Interlocked.Increment(ref _served);
                _port.Reply(message);
            }
            else
            {
                int sender = -message.From - 1;
                if ((uint)sender >= (uint)_senders || message.Sequence != expected[sender])
                {
                    _ctx.Fail(_group, $"messages: one-way message {message.Sequence} from s{sender} arrived where {((uint)sender < (uint)_senders ? expected[sender] : -1)} was due (lost, repeated or out of order)");
                }
                else
                {
                    expected[sender]++;
                }

                Interlocked.Increment(ref _received);
            }

            t.AddOp();
        }
    }
}
