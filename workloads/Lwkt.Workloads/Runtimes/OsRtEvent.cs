using Lwkt.Baselines;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The event of an OS-thread runtime: a baseline sequence event (Monitor.Wait/PulseAll, futex on a sequence
/// word, or spinning on one). The wait blocks the calling OS thread.
/// </summary>
internal sealed class OsRtEvent(ISequenceEvent inner) : RtEvent
{
    /// <inheritdoc/>
    public override long Sequence => inner.Sequence;

    /// <inheritdoc/>
    public override ValueTask WaitAsync(long seen)
    {
        inner.Wait(seen);
        return default;
    }

    /// <inheritdoc/>
    public override void WakeAll() => inner.WakeAll();
}
