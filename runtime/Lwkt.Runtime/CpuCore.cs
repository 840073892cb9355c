using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

/// <summary>
/// The part of a <see cref="VirtualCpu"/> that only its own worker touches (Tokio: a worker's <c>Core</c>; lwkt: the
/// fields of struct globaldata no other CPU writes): the run queue, the running thread, the time slice, the hand-off
/// slot, the outgoing IPI rings, the timers, the sleep hash and the counters. No locks, no atomics; other CPUs reach
/// this state only by IPI. What they may touch lives in <see cref="CpuShared"/>, padded away from this.
/// </summary>
/// <remarks>
/// The counters are the one exception to "nobody else reads": <see cref="VirtualCpu.Counters"/> reads them racily from
/// any thread, as statistics (a torn or stale value is acceptable, a write from outside is not).
/// </remarks>
internal struct CpuCore
{
    /// <summary>This CPU's run queue (lwkt: gd_tdrunq).</summary>
    public RunQueue RunQueue;

    /// <summary>The LWKT thread running on this CPU, or null between threads (lwkt: gd_curthread).</summary>
    public LwktThread? Current;

    /// <summary>
    /// The direct hand-off slot (Go: runnext; Tokio: the LIFO slot): the last thread the running thread woke on this
    /// CPU. When the running thread then blocks, this thread runs next without a trip through the run queue and
    /// inherits the rest of the slice. Non-null only between that wake and the next <see cref="VirtualCpu.Step"/>.
    /// </summary>
    public LwktThread? HandOff;

    /// <summary>Outgoing rings, indexed by target CPU (lwkt: mycpu->gd_ipiq[target]): this CPU is their producer.</summary>
    public IpiQueue?[] Outgoing;

    /// <summary>Timed waits of this CPU's threads, earliest deadline first.</summary>
    public PriorityQueue<VirtualCpu.TimerEntry, long> Timers;

    /// <summary>Heads of this CPU's sleep hash chains (<see cref="SleepQueue"/>).</summary>
    public LwktThread?[] SleepHeads;

    /// <summary>
    /// The address of this CPU's doorbell word (<see cref="Doorbell.Address"/>, pinned for the doorbell's life): the
    /// scheduler's per-switch and per-preemption-point checks read the word through it, one load instead of a chain of
    /// three (the shared half's reference, the doorbell's pointer, the word).
    /// </summary>
    public unsafe int* DoorbellWord;

    /// <summary>
    /// The OS thread that runs this CPU's steps: the worker, or the driver of a deterministic run (set by each step it
    /// makes). The scheduler sets the running LWKT thread as that thread's <see cref="SynchronizationContext"/>.
    /// </summary>
    public Thread? OsThread;

    /// <summary>This CPU's sysport ring (io_uring backend), created by the worker; null otherwise.</summary>
    public SysPortRing? SysRing;

    /// <summary>
    /// When the running thread's time slice ends, in <see cref="VirtualCpu.Now"/> ticks; 0 while the slice is not
    /// armed. A switch from the run queue disarms it; the first preemption point or hand-off that sees another thread
    /// runnable arms it (nothing competes for the CPU before then, so the clock is never read on an uncontended path).
    /// A hand-off keeps it: the woken thread inherits the rest of the slice.
    /// </summary>
    public long SliceEnd;

    /// <summary>The current idle spin budget in ticks: doubled when a spin (or a short park) paid, halved when it did not.</summary>
    public long SpinBudget;

    /// <summary>How early a timed park ends before the next timer, adapted to this CPU's measured park lateness.</summary>
    public TimerEarlyWake TimerEarlyWake;

    /// <summary>Number of armed timers (a cheap "none" test for the hot paths).</summary>
    public int TimerCount;

    /// <summary>Scheduler passes, to run timers every 32nd pass while threads keep the CPU busy.</summary>
    public uint LoopCount;

    /// <summary>Hand-offs since the slice clock was last read (VirtualCpu.SliceUsedAtHandOff).</summary>
    public uint HandOffsSinceClock;

    /// <summary>
    /// Preemption points between two reads of the slice clock while the slice is armed (VirtualCpu.SliceUsedAtPreemptionPoint):
    /// adapted at each read to the pace of this CPU's preemption points; 0 until the first read (taken as 1).
    /// </summary>
    public int PreemptClockPeriod;

    /// <summary>Preemption points left before the next read of the slice clock.</summary>
    public int PreemptChecksLeft;

    /// <summary>When a preemption point last read the slice clock, in <see cref="VirtualCpu.Now"/> ticks.</summary>
    public long PreemptClockAt;

    /// <summary>Reads of the slice clock by preemption points (a diagnostic: what the period saves is visible in it).</summary>
    public long PreemptClockReads;

    /// <summary>
    /// A thread of higher priority than the running one became runnable here, or the running one lowered its own
    /// priority below a queued one (lwkt: need_lwkt_resched, RQF_AST_LWKT_RESCHED); honoured at the next preemption
    /// point. Cleared at every switch.
    /// </summary>
    public bool ReschedRequested;

    /// <summary>
    /// True while the running thread itself runs (wakes it makes may hand off). False between threads and while the
    /// CPU services IPIs or timers at a preemption point: those wakes go to the run queue.
    /// </summary>
    public bool MayHandOff;

    /// <summary>
    /// The next step leaves the doorbell for later: the thread that last switched out is still runnable inside a
    /// critical section, so IPIs wait until a thread outside one switches out or the CPU goes idle (lwkt: Xipiq sees
    /// td_critcount != 0 and only flags RQF_IPIQ); or the idle spin has just run the entries it found in the rings'
    /// slots, and the bell that announced them is answered after the thread they woke has run, not before it.
    /// </summary>
    public bool DeferIpis;

    /// <summary>
    /// The idle spin stopped on work without the fence and last look at its ring slots that senders which saw it
    /// spinning rely on (they rang nothing): paid by the next step without an IPI deferral, or by the idle loop before it
    /// parks (VirtualCpu.PayRingScan), so an entry published as the spin stopped waits for one thread's run at most.
    /// </summary>
    public bool RingScanOwed;

    /// <summary>Some outgoing ring has a backlog (sends made inside a critical section while the ring was full).</summary>
    public bool Backlogged;

    // Counters (CpuCounters), written by this CPU's worker only.
    public long Switches;
    public long Migrations;
    public long HandOffs;
    public long IpisSent;
    public long IpisReceived;
    public long IpisBacklogged;
    public long IpisPolled;
    public long IpisUnrung;
    public long IdleSleeps;
    public long WorkRequests;
    public long SpinTicks;
    public long SpinsPaid;
    public long SpinsWasted;

    /// <summary>Waits in place (VirtualCpu.WaitInPlace) that ended with their message there.</summary>
    public long InPlaceWaits;

    public CpuCore(int cpuCount, long spinBudget)
    {
        Outgoing = new IpiQueue?[cpuCount];
        Timers = new PriorityQueue<VirtualCpu.TimerEntry, long>();
        SleepHeads = new LwktThread?[SleepQueue.Slots];
        SpinBudget = spinBudget;
        TimerEarlyWake = TimerEarlyWake.Initial;
    }
}
