using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Torture;

/// <summary>Writers on the runtime's exclusive lock (locktorture's writer kthreads), one <see cref="LockedOperation"/> loop each.</summary>
internal sealed class LockStressor : ITortureStressor
{
    private readonly LockedOperation _write;

    public LockStressor(TortureContext ctx)
    {
        RtLock rtLock = ctx.Runtime.CreateLock("torture-lock");
        _write = new LockedOperation(ctx, new ExclusionGuard(ctx, "the lock"), ctx.AddGroup("Writes"), writer: true, rtLock.AcquireAsync, rtLock.Release);
        ctx.AddThreads("w", ctx.Options.EffectiveWriters, _write.Group, _write.LoopAsync);
    }

    /// <summary>End-of-run counters.</summary>
    public void CheckEnd() => _write.CheckEnd();
}
