namespace Lwkt.Workloads.Abstractions;

/// <summary>A runtime's way to park the awaiting method of a pending <see cref="RtCall"/>; one instance per runtime serves every call.</summary>
public abstract class RtWaiter
{
    /// <summary>
    /// Arms <paramref name="continuation"/> (the awaiting method's <c>MoveNext</c>) to run once the calling thread, blocked
    /// at <paramref name="token"/> by the call, is resumed by the reply. Caller: the awaiting method's builder, on that
    /// thread, right after <see cref="RtCall.IsCompleted"/> said false; a stale token or another thread throws.
    /// </summary>
    public abstract void Then(short token, Action continuation);
}
