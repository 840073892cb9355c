namespace Lwkt.Workloads.Abstractions;

/// <summary>A runtime's way to give the CPU up for a pending <see cref="RtYield"/>; one instance per runtime serves every yield.</summary>
public abstract class RtYielder
{
    /// <summary>
    /// Gives the CPU up and runs <paramref name="continuation"/> (the awaiting method's <c>MoveNext</c>) once the
    /// yielding thread is scheduled again. The yielding thread is the caller: the awaiting method's builder, on that
    /// thread, right after <see cref="RtYield.IsCompleted"/> said false. Outside one of the runtime's threads it throws,
    /// and the awaiting method faults with that exception.
    /// </summary>
    public abstract void YieldThen(Action continuation);
}
