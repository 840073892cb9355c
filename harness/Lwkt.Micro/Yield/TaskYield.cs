namespace Lwkt.Micro.Yield;

/// <summary>
/// tpl-async: one task on the thread pool awaiting <see cref="Task.Yield"/>: each yield queues its continuation to the
/// pool and a pool thread resumes it (the pool's switch). One task, not two: two would run in parallel on the pool's
/// workers and halve the apparent cost.
/// </summary>
[BenchmarkCategory(MicroCategories.TplAsync)]
public class TaskYield : YieldBenchmarks
{
    /// <inheritdoc/>
    protected override void RunSwitches(int switches) => Task.Run(() => YieldLoop(switches)).GetAwaiter().GetResult();

    private static async Task YieldLoop(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
        }
    }
}
