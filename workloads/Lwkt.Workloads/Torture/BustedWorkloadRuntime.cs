using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// locktorture's <c>lock_busted</c>: a runtime whose exclusive and reader/writer locks do nothing, everything else being
/// <see cref="DelegatingWorkloadRuntime.Inner"/>'s. It exists so the torture can prove that its checks fail: a torture
/// of it must end in FAILURE, every time. Only <c>torture</c> can select it.
/// </summary>
public sealed class BustedWorkloadRuntime : DelegatingWorkloadRuntime
{
    /// <summary>Busts the locks of <paramref name="inner"/>.</summary>
    public BustedWorkloadRuntime(WorkloadRuntime inner)
        : base(inner)
    {
    }

    /// <inheritdoc/>
    public override string Name => TortureTargets.Busted;

    /// <inheritdoc/>
    public override RtLock CreateLock(string name) => new NoLock(name);

    /// <inheritdoc/>
    public override RtRwLock CreateRwLock(string name) => new NoRwLock();

    /// <inheritdoc/>
    public override ValueTask AcquireAllAsync(RtLock[] locks, int count) => default;

    /// <inheritdoc/>
    public override void ReleaseAll(RtLock[] locks, int count)
    {
    }

    /// <inheritdoc/>
    public override string Describe() => $"busted: locks that do nothing over {Inner.Describe()}";

    private sealed class NoLock(string name) : RtLock(name)
    {
        public override ValueTask AcquireAsync() => default;

        public override bool TryAcquire() => true;

        public override void Release()
        {
        }
    }

    private sealed class NoRwLock : RtRwLock
    {
        public override ValueTask AcquireSharedAsync() => default;

        public override void ReleaseShared()
        {
        }

        public override ValueTask AcquireExclusiveAsync() => default;

        public override void ReleaseExclusive()
        {
        }
    }
}
