using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// Readers and writers on the runtime's reader/writer lock (locktorture's rw types), sharing one guard: readers check
/// that no writer is inside and that the data does not move while they hold it shared.
/// </summary>
internal sealed class RwLockStressor : ITortureStressor
{
    private readonly LockedOperation _write;

    public RwLockStressor(TortureContext ctx)
    {
        RtRwLock rwLock = ctx.Runtime.CreateRwLock("torture-rwlock");
        var guard = new ExclusionGuard(ctx, "the rwlock");
        var read = new LockedOperation(ctx, guard, ctx.AddGroup("Reads"), writer: false, rwLock.AcquireSharedAsync, rwLock.ReleaseShared);
        _write = new LockedOperation(ctx, guard, ctx.AddGroup("RwWrites"), writer: true, rwLock.AcquireExclusiveAsync, rwLock.ReleaseExclusive);
        ctx.AddThreads("r", ctx.Options.EffectiveReaders, read.Group, read.LoopAsync);
        ctx.AddThreads("rw", Math.Max(1, ctx.Options.EffectiveWriters / 2), _write.Group, _write.LoopAsync);
    }

    /// <summary>End-of-run counters.</summary>
    public void CheckEnd() => _write.CheckEnd();
}
