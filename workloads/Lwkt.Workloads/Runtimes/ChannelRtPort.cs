using System.Threading.Channels;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The tpl-async port: an unbounded <see cref="Channel{T}"/> (multi-writer, single-reader as the port's contract has one
/// receiving thread, which lwkt's port enforces; continuations never run synchronously inside a writer). A call is a
/// write plus an await of the message's reusable completion.
/// </summary>
internal sealed class ChannelRtPort : RtPort
{
    private readonly Channel<RtMessage> _channel = Channel.CreateUnbounded<RtMessage>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    /// <inheritdoc/>
    public override RtMessage NewMessage() => new AsyncRtMessage();

    /// <inheritdoc/>
    public override void Send(RtMessage message) => Write(message);

    /// <inheritdoc/>
    public override ValueTask CallAsync(RtMessage message)
    {
        var request = (AsyncRtMessage)message;
        request.Completion.Reset();
        Write(request);
        return request.Completion.Task;
    }

    /// <inheritdoc/>
    public override ValueTask<RtMessage> ReceiveAsync() => _channel.Reader.ReadAsync();

    /// <inheritdoc/>
    public override void Reply(RtMessage message) => ((AsyncRtMessage)message).Completion.Set();

    private void Write(RtMessage message)
    {
        if (!_channel.Writer.TryWrite(message))
        {
            throw new InvalidOperationException("The channel refused a write (it is never completed, so this is a bug).");
        }
    }
}
