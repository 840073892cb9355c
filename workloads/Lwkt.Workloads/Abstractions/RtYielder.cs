namespace Lwkt.Workloads.Abstractions;

/// <summary>A runtime's way to give the CPU up for a pending <see cref="RtYield"/>; one instance per runtime serves every yield.</summary>
public abstract class RtYielder
{
    /// <summary>
    /// Gives the CPU up and runs <paramref name="continuation"/> (the awaiting method's <c>MoveNext</c>) once the
    /// yielding thread is scheduled again; <paramref name="state"/> is what the yield was created with. Caller: the
    /// awaiting method's builder, on the yielding thread, right after <see cref="RtYield.IsCompleted"/> said false.
    /// </summary>
    public abstract void YieldThen(object? state, Action continuation);
}
