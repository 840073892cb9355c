using Lwkt.Baselines.Async;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>The tpl-async event: <see cref="AsyncSequenceEvent"/>; a pending wait frees its pool thread.</summary>
internal sealed class AsyncRtEvent : RtEvent
{
    private readonly AsyncSequenceEvent _event = new();

    /// <inheritdoc/>
    public override long Sequence => _event.Sequence;

    /// <inheritdoc/>
    public override ValueTask WaitAsync(long seen) => _event.WaitAsync(seen);

    /// <inheritdoc/>
    public override void WakeAll() => _event.WakeAll();
}
