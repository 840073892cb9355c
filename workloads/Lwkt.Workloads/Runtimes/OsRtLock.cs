using Lwkt.Baselines;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// An exclusive lock of one of our own OS-thread families (futex mutex, test-and-test-and-set, ticket),
/// which pad themselves. The interface call is monomorphic in any one run, so tiered PGO devirtualises it.
/// </summary>
internal sealed class OsRtLock(string name, IExclusiveLock inner) : RtLock(name)
{
    /// <inheritdoc/>
    public override ValueTask AcquireAsync()
    {
        inner.Enter();
        return default;
    }

    /// <inheritdoc/>
    public override bool TryAcquire() => inner.TryEnter();

    /// <inheritdoc/>
    public override void Release() => inner.Exit();
}
