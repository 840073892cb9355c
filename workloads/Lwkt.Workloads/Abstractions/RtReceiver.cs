namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// A port's pending receive, for <see cref="RtReceive"/>: one per port, as a port has one receiving thread and one
/// receive at a time. Every call comes from that thread, for the receive <paramref name="token"/> names.
/// </summary>
public abstract class RtReceiver
{
    /// <summary>Whether the receive named by <c>token</c> has its message already.</summary>
    public abstract bool IsCompleted(short token);

    /// <summary>Arms <paramref name="continuation"/> (the awaiting method's <c>MoveNext</c>) to run once the message came.</summary>
    public abstract void Then(short token, Action continuation);

    /// <summary>The message of the receive named by <paramref name="token"/>, once it came; consumes the receive.</summary>
    public abstract RtMessage Take(short token);
}
