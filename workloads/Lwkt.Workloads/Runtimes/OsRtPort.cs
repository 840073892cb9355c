using Lwkt.Baselines;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The port of an OS-thread runtime: a baseline blocking queue of its family (Monitor queue, Lock queue,
/// futex-woken queue, spin-guarded queue) plus per-message completions for call/reply. Receiving blocks the
/// calling OS thread while the queue is empty; a call blocks it until the reply.
/// </summary>
internal sealed class OsRtPort(IBlockingQueue<OsRtMessage> queue, Func<ICompletion> newCompletion) : RtPort
{
    /// <inheritdoc/>
    public override RtMessage NewMessage() => new OsRtMessage(newCompletion());

    /// <inheritdoc/>
    public override void Send(RtMessage message) => queue.Enqueue((OsRtMessage)message);

    /// <inheritdoc/>
    public override RtCall CallAsync(RtMessage message)
    {
        var request = (OsRtMessage)message;
        request.Completion.Reset();
        queue.Enqueue(request);
        request.Completion.Wait();
        return default;
    }

    /// <inheritdoc/>
    public override RtReceive ReceiveAsync() => new(queue.Dequeue());

    /// <inheritdoc/>
    public override void Reply(RtMessage message) => ((OsRtMessage)message).Completion.Set();
}
