namespace Lwkt.Micro.Spawn;

/// <summary>OS threads: <c>new Thread(empty)</c>, <see cref="Thread.Start()"/>, <see cref="Thread.Join()"/>.</summary>
[BenchmarkCategory(MicroCategories.OsThread)]
public class OsThreadSpawnJoin : SpawnJoinBenchmarks
{
    private static readonly ThreadStart s_empty = static () => { };

    /// <inheritdoc/>
    protected override void RunSpawnJoins(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var thread = new Thread(s_empty);
            thread.Start();
            thread.Join();
        }
    }
}
