using Lwkt.Runtime;

namespace Lwkt.Micro.Spawn;

/// <summary>
/// lwkt: a driver thread on one virtual CPU spawns an empty LWKT thread on the same CPU
/// (<see cref="LwktRuntime.Spawn(Func{ValueTask}, int?, int, bool)"/>, lwkt_create) and awaits
/// <see cref="LwktThread.JoinAsync"/>, one at a time.
/// </summary>
[BenchmarkCategory(MicroCategories.Lwkt)]
public class LwktSpawnJoin : SpawnJoinBenchmarks
{
    private static readonly Func<ValueTask> s_empty = static () => default;

    private Func<ValueTask>? _driver;
    private int _count;

    /// <inheritdoc/>
    protected override int LwktCpus => 1;

    /// <inheritdoc/>
    protected override void Setup() => _driver = DriveAsync;

    /// <inheritdoc/>
    protected override void RunSpawnJoins(int count)
    {
        _count = count;
        RunLoop(_driver!);
    }

    private async ValueTask DriveAsync()
    {
        LwktRuntime runtime = Lwkt;
        for (int i = _count; i > 0; i--)
        {
            await runtime.Spawn(s_empty, cpu: 0).JoinAsync();
        }
    }
}
