using Lwkt.Runtime;

namespace Lwkt.Micro.Yield;

/// <summary>
/// lwkt: two LWKT threads on one virtual CPU, each yielding half the switches; every yield switches to the other
/// (<see cref="LwktThread.YieldAsync"/>). A driver thread on the same CPU spawns both and joins them, so both are
/// runnable before the first yield.
/// </summary>
[BenchmarkCategory(MicroCategories.Lwkt)]
public class LwktYield : YieldBenchmarks
{
    private Func<ValueTask>? _driver;
    private object? _half;

    /// <inheritdoc/>
    protected override int LwktCpus => 1;

    /// <inheritdoc/>
    protected override void Setup() => _driver = DriveAsync;

    /// <inheritdoc/>
    protected override void RunSwitches(int switches)
    {
        _half = switches / 2;
        RunLoop(_driver!);
    }

    private static async ValueTask YieldLoop(object? count)
    {
        for (int i = (int)count!; i > 0; i--)
        {
            await LwktThread.YieldAsync();
        }
    }

    private async ValueTask DriveAsync()
    {
        LwktThread first = Lwkt.Spawn(YieldLoop, _half, cpu: 0);
        LwktThread second = Lwkt.Spawn(YieldLoop, _half, cpu: 0);
        await first.JoinAsync();
        await second.JoinAsync();
    }
}
