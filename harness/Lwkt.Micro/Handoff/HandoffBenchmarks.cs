using Lwkt.Micro.Hosting;

namespace Lwkt.Micro.Handoff;

/// <summary>
/// Sleep/wakeup hand-off, written once: two threads take turns; each, on its turn, passes the turn and wakes the other,
/// then sleeps until the turn comes back. Each subclass sleeps and wakes its runtime's way. A row is one hand-off
/// (one wakeup of a sleeping thread and its return to running).
/// </summary>
[BenchmarkCategory(MicroCategories.Handoff)]
public abstract class HandoffBenchmarks : MicroBenchmark
{
    /// <summary>Hand-offs per invocation (half by each thread).</summary>
    public const int Handoffs = 20_000;

    /// <summary>Whose turn it is: 0 or 1.</summary>
    private int _turn;

    /// <summary>Where the two threads run.</summary>
    [ParamsSource(nameof(Placements))]
    public Placement Placement { get; set; }

    /// <summary>Same CPU, and cross CPU where there are two.</summary>
    public IEnumerable<Placement> Placements => HostCpus.PinnedPlacements();

    /// <summary>One hand-off.</summary>
    [Benchmark(OperationsPerInvoke = Handoffs)]
    public void Handoff()
    {
        _turn = 0;
        RunHandoffs(Handoffs / 2);
    }

    /// <summary>True while it is not <paramref name="me"/>'s turn.</summary>
    protected bool IsNotTurnOf(int me) => Volatile.Read(ref _turn) != me;

    /// <summary>Passes the turn from <paramref name="me"/> to the other thread (the caller then wakes it).</summary>
    protected void PassTurn(int me) => Volatile.Write(ref _turn, 1 - me);

    /// <summary>Runs threads 0 and 1 for <paramref name="turnsEach"/> turns each; thread 0 has the first turn.</summary>
    protected abstract void RunHandoffs(int turnsEach);
}
