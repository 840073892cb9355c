using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

/// <summary>Settings of an <see cref="LwktRuntime"/>.</summary>
public sealed record LwktRuntimeOptions
{
    /// <summary>Virtual CPUs (M); null means <see cref="Environment.ProcessorCount"/>.</summary>
    public int? Cpus { get; init; }

    /// <summary>Pin each worker to one host CPU of the process's allowed set (CPU i to the i-th allowed CPU).</summary>
    public bool Pin { get; init; }

    /// <summary>
    /// How long a thread may keep the CPU while another thread of its priority waits: a preemption point
    /// (<see cref="LwktThread.MaybeYieldAsync"/>) switches once it is used, and a direct hand-off passes on what is left
    /// of it (lwkt: the hz tick of lwkt_schedulerclock; Go: forcePreemptNS). Read against the clock, no timer thread.
    /// </summary>
    public TimeSpan TimeSlice { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How long an idle CPU spins, watching for IPIs, before it sleeps in the kernel. Long enough that a cross-CPU
    /// hand-off (a message round trip) finds the partner awake; short enough not to burn a shared core.
    /// </summary>
    public TimeSpan IdleSpin { get; init; } = TimeSpan.FromMicroseconds(50);

    /// <summary>
    /// Runs deterministically with this seed: no worker threads; all CPUs interleaved on the joining OS thread by a
    /// seeded scheduler (see <see cref="LwktRuntime.ScheduleDigest"/>).
    /// </summary>
    public int? DeterministicSeed { get; init; }

    /// <summary>In a deterministic run, also keep a readable log of every switch (<see cref="LwktRuntime.EventLog"/>).</summary>
    public bool RecordEvents { get; init; }

    /// <summary>How long a contended token acquisition spins before the thread switches out.</summary>
    public TimeSpan TokenSpin { get; init; } = TimeSpan.FromMicroseconds(2);

    /// <summary>
    /// The sysport's backend: null picks io_uring where the kernel allows it and the fallback threads elsewhere;
    /// <see cref="SysPortBackend.Threads"/> forces the fallback; <see cref="SysPortBackend.IoUring"/> insists (the
    /// runtime refuses to start without it). The environment variable <c>LWKT_SYSPORT=threads</c> forces the fallback
    /// whatever is set here. A deterministic run always uses the threads (its CPUs have no workers to own rings).
    /// </summary>
    public SysPortBackend? SysPort { get; init; }

    /// <summary>Requests one CPU's ring keeps in the kernel before calls wait in its backlog (tests make it small).</summary>
    internal int SysPortRingSlots { get; init; } = SysPortRing.DefaultSlots;

    /// <summary>
    /// Sysport sleeps sent from a worker are timers on that CPU (<see cref="SysPortTimers"/>); false sends them to the
    /// kernel like any other call (tests of the ring's own timeouts, back-pressure and cancels turn it off).
    /// </summary>
    internal bool SysPortSleepsOnTimers { get; init; } = true;
}
