namespace Lwkt.Micro.Spawn;

/// <summary>tpl-async: an async loop on the pool awaiting <see cref="Task.Run(Action)"/> of an empty action, one at a time.</summary>
[BenchmarkCategory(MicroCategories.TplAsync)]
public class TaskRunSpawnJoin : SpawnJoinBenchmarks
{
    private static readonly Action s_empty = static () => { };

    /// <inheritdoc/>
    protected override void RunSpawnJoins(int count) => Task.Run(() => SpawnLoop(count)).GetAwaiter().GetResult();

    private static async Task SpawnLoop(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Run(s_empty);
        }
    }
}
