using System.Globalization;
using Lwkt.Runtime;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// LWKT messages racing aborts against replies (lwkt only; docs/lwkt-semantics.md invariants 15-17). Clients send to a server's spin port,
/// replies coming back to each client's own thread port (which follows the client when it migrates): synchronously
/// (send and wait) or asynchronously with an abort at a random moment, sometimes twice. The server holds each request
/// for a random number of turns; an abort request that finds its target still held replies it early with
/// <see cref="MessageError.Aborted"/>, one that comes too late is ignored. Checks: every send is replied exactly once,
/// with no error or Aborted; an abort after the reply does nothing; at the end replies equal sends.
/// </summary>
internal sealed class AbortStressor : ITortureStressor
{
    private readonly TortureContext _ctx;
    private readonly MessagePort _server = MessagePort.CreateSpinPort();
    private readonly MessagePort _controlReplies = MessagePort.CreateReplyOnlyPort();
    private readonly StatGroup _group;
    private readonly int _clients;
    private readonly Action<Message> _abort;
    private long _completed;
    private long _replies;
    private long _aborted;
    private long _abortCalls;

    public AbortStressor(TortureContext ctx)
    {
        _ctx = ctx;
        _clients = Math.Max(1, ctx.Options.Cores / 2);
        _abort = RequestAbort;
        _group = ctx.AddGroup("Aborts", () => string.Create(
            CultureInfo.InvariantCulture,
            $"(replies {Volatile.Read(ref _replies)}, abort calls {Volatile.Read(ref _abortCalls)}, replied aborted {Volatile.Read(ref _aborted)})"));
        ctx.AddThreads("msg", _clients, _group, ClientAsync);

        ctx.AddThread("msg-server", null, ServerAsync);
    }

    /// <inheritdoc/>
    public void CheckEnd()
    {
        if (Volatile.Read(ref _replies) != Volatile.Read(ref _completed))
        {
            _ctx.Fail(_group, $"counters: the server replied {_replies} times to {_completed} completed sends");
        }
    }

    /// <summary>The abort function (inside a critical section, on the aborting thread): ask the server, never reply here.</summary>
    private void RequestAbort(Message message)
    {
        Interlocked.Increment(ref _abortCalls);
        var request = new AbortRequest((Request)message);
        request.Init(_controlReplies);
        _server.Send(request);
    }

    private async ValueTask ClientAsync(TortureThread t)
    {
        var request = new Request();
        try
        {
            while (await _ctx.LoopTopAsync(t))
            {
                MessagePort mine = LwktThread.Current!.Port;
                request.Replies = 0;
                int error;
                if (TortureContext.Chance(t, 4))
                {
                    request.Init(mine);
                    _ctx.Enter(t, TorturePhase.Call);
                    error = await _server.SendAndWaitAsync(request);
                }
                else
                {
                    request.InitAbortable(mine, MessageFlags.None, _abort);
                    _server.Send(request);
                    error = await _ctx.RaceAbortThenWaitAsync(t, request);
                }

                _ctx.Enter(t, TorturePhase.Run);
                Interlocked.Increment(ref _completed);
                if (error is not (MessageError.None or MessageError.Aborted))
                {
                    _ctx.Fail(_group, $"messages: {t.Name}'s request came back with error {error}");
                }

                if (Volatile.Read(ref request.Replies) != 1)
                {
                    _ctx.Fail(_group, $"messages: {t.Name}'s request was replied {request.Replies} times (exactly once, lwkt-semantics invariant 15)");
                }

                if (request.Abort())
                {
                    _ctx.Fail(_group, $"messages: an abort after the reply called the abort function ({t.Name}; lwkt-semantics invariant 17)");
                }

                t.AddOp();
            }
        }
        finally
        {
            var goodbye = new Goodbye();
            goodbye.Init(_controlReplies);
            _server.Send(goodbye);
        }
    }

    private async ValueTask ServerAsync(TortureThread t)
    {
        var held = new List<(Request Message, int Until)>();
        int goodbyes = 0;
        int turn = 0;
        while (goodbyes < _clients || held.Count > 0)
        {
            await _ctx.LoopTopAsync(t, stutter: false);
            Message? next;
            if (held.Count == 0)
            {
                _ctx.Enter(t, TorturePhase.Receive);
                next = await _server.WaitPortAsync();
                _ctx.Enter(t, TorturePhase.Run);
            }
            else
            {
                next = _server.GetPort();
            }

            turn++;
            switch (next)
            {
                case Request request:
                    held.Add((request, turn + t.Random.Below(4)));
                    break;
                case AbortRequest abort:
                    int i = held.FindIndex(h => h.Message == abort.Target);
                    if (i >= 0)
                    {
                        held.RemoveAt(i);
                        Reply(abort.Target, MessageError.Aborted);
                        Interlocked.Increment(ref _aborted);
                    }

                    abort.Reply();
                    break;
                case Goodbye goodbye:
                    goodbyes++;
                    goodbye.Reply();
                    break;
            }

            for (int i = held.Count - 1; i >= 0; i--)
            {
                if (held[i].Until <= turn)
                {
                    Reply(held[i].Message, MessageError.None);
                    held.RemoveAt(i);
                }
            }

            t.AddOp();
            if (next is null)
            {
                await LwktThread.YieldAsync();
            }
        }
    }

    private void Reply(Request request, int error)
    {
        Interlocked.Increment(ref _replies);
        Interlocked.Increment(ref request.Replies);
        request.Reply(error);
    }

    /// <summary>A client's request; <see cref="Replies"/> counts the server's replies to the current send.</summary>
    private sealed class Request : Message
    {
#pragma warning disable CA1051 // counted with Interlocked by the server
        public int Replies;
#pragma warning restore CA1051
    }

    /// <summary>Asks the server to reply <see cref="Target"/> early if it still holds it.</summary>
    private sealed class AbortRequest(Request target) : Message
    {
        public Request Target { get; } = target;
    }

    /// <summary>A client's last message: the server stops after every client's goodbye and every held request.</summary>
    private sealed class Goodbye : Message;
}
