using Lwkt.Micro.Hosting;

namespace Lwkt.Micro.Yield;

/// <summary>
/// OS threads: two threads pinned to the same host CPU, each calling <see cref="Thread.Yield"/> (sched_yield) for half
/// the switches. They meet at a start line first, so each yield has the other thread to switch to (on a loaded
/// machine the kernel may also pick another process's thread).
/// </summary>
[BenchmarkCategory(MicroCategories.OsThread)]
public class OsThreadYield : YieldBenchmarks
{
    private int _arrived;

    /// <inheritdoc/>
    protected override void RunSwitches(int switches)
    {
        _arrived = 0;
        OsThreadPair.Run(Placement.SameCpu, () => YieldLoop(switches / 2), () => YieldLoop(switches / 2));
    }

    private void YieldLoop(int count)
    {
        // Both threads share one CPU, so the first to arrive yields (not spins) until the other has started.
        Interlocked.Increment(ref _arrived);
        while (Volatile.Read(ref _arrived) < 2)
        {
            Thread.Yield();
        }

        for (int i = 0; i < count; i++)
        {
            Thread.Yield();
        }
    }
}
