using Lwkt.Baselines.Futexes;

namespace Lwkt.Micro.RoundTrip;

/// <summary>os-futex: OS-thread ping-pong over <see cref="FutexCompletion"/> (a short spin, then FUTEX_WAIT/WAKE).</summary>
[BenchmarkCategory(MicroCategories.OsFutex)]
public class FutexRoundTrip : OsThreadRoundTrip
{
    /// <inheritdoc/>
    protected override ICompletion CreateCompletion() => new FutexCompletion();
}
