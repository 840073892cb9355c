using Lwkt.Baselines.Futexes;

namespace Lwkt.Micro.Handoff;

/// <summary>os-futex: hand-off through <see cref="FutexSequence"/> (FUTEX_WAIT on the sequence word, FUTEX_WAKE when a waiter registered).</summary>
[BenchmarkCategory(MicroCategories.OsFutex)]
public class FutexSequenceHandoff : OsThreadHandoff
{
    /// <inheritdoc/>
    protected override ISequenceEvent CreateEvent() => new FutexSequence();
}
