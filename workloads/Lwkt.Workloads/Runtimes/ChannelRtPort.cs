using System.Threading.Channels;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The tpl-async port: an unbounded <see cref="Channel{T}"/> (multi-writer, single-reader as the port's contract has one
/// receiving thread, which lwkt's port enforces; continuations never run synchronously inside a writer). A call is a
/// write plus an await of the message's reusable completion. A receive is the channel's <c>ReadAsync</c>: its result when a
/// message was there, else its pending ValueTask, kept in the port's one <see cref="PendingRead"/> (one receive at a time)
/// and awaited through it.
/// </summary>
internal sealed class ChannelRtPort : RtPort
{
    private readonly Channel<RtMessage> _channel = Channel.CreateUnbounded<RtMessage>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    /// <summary>The port's one receive while it waits for the channel.</summary>
    private readonly PendingRead _pending = new();

    /// <inheritdoc/>
    public override RtMessage NewMessage() => new AsyncRtMessage();

    /// <inheritdoc/>
    public override void Send(RtMessage message) => Write(message);

    /// <inheritdoc/>
    public override RtCall CallAsync(RtMessage message)
    {
        var request = (AsyncRtMessage)message;
        request.Completion.Reset();
        Write(request);
        return new RtCall(request.Completion, request.Completion.Token);
    }

    /// <inheritdoc/>
    public override RtReceive ReceiveAsync()
    {
        ValueTask<RtMessage> read = _channel.Reader.ReadAsync();
        if (read.IsCompletedSuccessfully)
        {
            return new RtReceive(read.Result);
        }

        _pending.Read = read;
        return new RtReceive(_pending, 0);
    }

    /// <inheritdoc/>
    public override void Reply(RtMessage message) => ((AsyncRtMessage)message).Completion.Set();

    /// <summary>The pending read of the port's one receive, awaited as the channel's ValueTask.</summary>
    private sealed class PendingRead : RtReceiver
    {
        public ValueTask<RtMessage> Read { get; set; }

        public override bool IsCompleted(short token) => Read.IsCompleted;

        public override void Then(short token, Action continuation) => Read.GetAwaiter().UnsafeOnCompleted(continuation);

        public override RtMessage Take(short token)
        {
            ValueTask<RtMessage> read = Read;
            Read = default;
            return read.GetAwaiter().GetResult();
        }
    }

    private void Write(RtMessage message)
    {
        if (!_channel.Writer.TryWrite(message))
        {
            throw new InvalidOperationException("The channel refused a write (it is never completed, so this is a bug).");
        }
    }
}
