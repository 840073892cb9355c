using Lwkt.Micro.Hosting;
using Lwkt.Runtime;

namespace Lwkt.Micro.Handoff;

/// <summary>
/// lwkt: two LWKT threads hand off through <see cref="SleepQueue"/>: each sleeps on its own ident with the
/// interlock-then-check pattern (tsleep_interlock + PINTERLOCKED tsleep) and wakes the other's ident
/// (<see cref="SleepQueue.WakeupOne"/>). Same CPU: one virtual CPU. Cross CPU: two pinned ones, so every wakeup is an IPI.
/// </summary>
[BenchmarkCategory(MicroCategories.Lwkt)]
public class LwktSleepQueueHandoff : HandoffBenchmarks
{
    private readonly object[] _idents = [new(), new()];
    private Func<ValueTask>? _driver;
    private int _turnsEach;

    /// <inheritdoc/>
    protected override int LwktCpus => Placement == Placement.CrossCpu ? 2 : 1;

    /// <inheritdoc/>
    protected override void Setup() => _driver = DriveAsync;

    /// <inheritdoc/>
    protected override void RunHandoffs(int turnsEach)
    {
        _turnsEach = turnsEach;
        RunLoop(_driver!);
    }

    private async ValueTask DriveAsync()
    {
        LwktThread first = Lwkt.Spawn(() => TakeTurnsAsync(0), cpu: 0);
        LwktThread second = Lwkt.Spawn(() => TakeTurnsAsync(1), cpu: Lwkt.CpuCount - 1);
        await first.JoinAsync();
        await second.JoinAsync();
    }

    private async ValueTask TakeTurnsAsync(int me)
    {
        object mine = _idents[me];
        object other = _idents[1 - me];
        for (int i = 0; i < _turnsEach; i++)
        {
            while (IsNotTurnOf(me))
            {
                SleepQueue.Interlock(mine);
                if (!IsNotTurnOf(me))
                {
                    SleepQueue.Cancel();
                    break;
                }

                await SleepQueue.SleepAsync(mine, interlocked: true);
            }

            PassTurn(me);
            SleepQueue.WakeupOne(other);
        }
    }
}
