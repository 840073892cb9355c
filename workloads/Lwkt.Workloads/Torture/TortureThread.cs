using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// One stress thread's slot: its counters, its random generator and what it is doing now (for the watchdog, the
/// progress check and the dump). The owning thread writes it; the control thread only reads.
/// </summary>
internal sealed class TortureThread
{
    // Public fields on purpose: the owner updates them on every operation and passes the generator by ref.
#pragma warning disable CA1051
    /// <summary>The thread's generator, seeded from (seed, index): the same seed gives the same choices.</summary>
    public FastRandom Random;

    /// <summary>Operations completed (written by the owner only).</summary>
    public long Ops;
#pragma warning restore CA1051

    private long _phaseSince;
    private int _phase;
    private RtEvent? _waitEvent;
    private long _waitSeen;

    public TortureThread(int index, string name, StatGroup? group, int seed)
    {
        Index = index;
        Name = name;
        Group = group;
        Random = new FastRandom(seed, 0x7077, index);
        group?.Threads.Add(this);
    }

    /// <summary>Index among the run's threads (0-based).</summary>
    public int Index { get; }

    /// <summary>Name in failures and dumps (w0, r1, server, ...).</summary>
    public string Name { get; }

    /// <summary>The statistics group whose Max/Min it counts in; null for helpers (servers, wakers).</summary>
    public StatGroup? Group { get; }

    /// <summary>What the thread runs.</summary>
    public required Func<TortureThread, ValueTask> Body { get; init; }

    /// <summary>Ops at the last progress check (control thread only).</summary>
    public long OpsAtLastCheck { get; set; }

    /// <summary>The CPU it last ran on (-1: unknown).</summary>
    public int Cpu { get; set; } = -1;

    /// <summary>Its LWKT thread number, or 0 on other runtimes.</summary>
    public int LwktNumber { get; set; }

    /// <summary>The shuffle epoch it last moved for.</summary>
    public int ShuffleEpoch { get; set; }

    /// <summary>The current phase.</summary>
    public TorturePhase Phase => (TorturePhase)Volatile.Read(ref _phase);

    /// <summary>When the current phase began (torture clock, ms).</summary>
    public long PhaseSince => Volatile.Read(ref _phaseSince);

    /// <summary>The event of a <see cref="TorturePhase.Wait"/> phase, for the lost-wakeup check.</summary>
    public RtEvent? WaitEvent => Volatile.Read(ref _waitEvent);

    /// <summary>The sequence the thread saw before waiting on <see cref="WaitEvent"/>.</summary>
    public long WaitSeen => Volatile.Read(ref _waitSeen);

    /// <summary>Counts one completed operation.</summary>
    public void AddOp() => Volatile.Write(ref Ops, Ops + 1);

    /// <summary>Enters <paramref name="phase"/> now (the time first, so a reader never pairs a new phase with an old start).</summary>
    public void Enter(TorturePhase phase, long nowMs)
    {
        Volatile.Write(ref _phaseSince, nowMs);
        Volatile.Write(ref _phase, (int)phase);
    }

    /// <summary>Enters <see cref="TorturePhase.Wait"/> on <paramref name="evt"/> having seen <paramref name="seen"/>.</summary>
    public void EnterWait(TorturePhase phase, RtEvent evt, long seen, long nowMs)
    {
        Volatile.Write(ref _waitSeen, seen);
        Volatile.Write(ref _waitEvent, evt);
        Enter(phase, nowMs);
    }

    /// <summary>Leaves a wait.</summary>
    public void LeaveWait(long nowMs)
    {
        Volatile.Write(ref _waitEvent, null);
        Enter(TorturePhase.Run, nowMs);
    }
}
