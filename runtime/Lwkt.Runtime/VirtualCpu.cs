using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

/// <summary>
/// One virtual CPU (lwkt: struct globaldata, <c>mycpu</c>): a worker OS thread with its own run queue, current
/// thread, idle loop, timers, counters and incoming IPI rings. It runs LWKT threads the OS does not know about.
/// </summary>
/// <remarks>
/// Ownership rule (docs/lwkt-semantics.md invariant 1): only this CPU's worker touches its run queue, its timers and the flags of the
/// threads it owns. Every other CPU or OS thread asks by IPI (<see cref="SendIpi"/>) or, from outside the runtime,
/// through the external queue. The types say which is which: the worker's own state is a <see cref="CpuCore"/>, the
/// little that others read or write (doorbell, incoming rings, external queue, idle state, run queue length, work
/// request flag) a <see cref="CpuShared"/>; code on another CPU touches only the latter. The partial files split the type by concern: scheduling (.Scheduler.cs), IPIs
/// (.Ipi.cs), the idle loop and work distribution (.Idle.cs), timers (.Timers.cs).
/// </remarks>
public sealed partial class VirtualCpu
{
    [ThreadStatic]
    private static VirtualCpu? t_cpu;

    private readonly LwktRuntime _runtime;
    private readonly Thread _worker;
    private readonly int? _hostCpu;

    /// <summary>What only this CPU's worker touches (Tokio: Core). Never read or written from another CPU.</summary>
    private CpuCore _core;

    /// <summary>What other CPUs and OS threads may touch (Tokio: Shared), padded away from <see cref="_core"/>.</summary>
    private CpuShared _shared;

    internal VirtualCpu(LwktRuntime runtime, int id, int? hostCpu)
    {
        _runtime = runtime;
        _hostCpu = hostCpu;
        _core = new CpuCore(runtime.CpuCount, runtime.IdleSpinTicks);
        _shared = new CpuShared(runtime, id, runtime.CpuCount);
        unsafe
        {
            _core.DoorbellWord = _shared.Doorbell.Address;
        }

        _worker = new Thread(WorkerMain, WorkerStackBytes)
        {
            IsBackground = true,
            Name = "lwkt-cpu" + id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>This CPU's index (lwkt: gd_cpuid).</summary>
    public int Id => _shared.Id;

    /// <summary>
    /// The runtime this CPU belongs to, read from the shared half's read-only line: other CPUs ask it (a waker compares it
    /// with its own), and <c>_runtime</c> shares a line with the owner's state.
    /// </summary>
    public LwktRuntime Runtime => _shared.Runtime;

    /// <summary>The virtual CPU whose worker is the calling OS thread, or null outside the runtime (lwkt: mycpu).</summary>
    public static VirtualCpu? Current => t_cpu;

    /// <summary>The LWKT thread running on this CPU, or null when it is between threads or idle (lwkt: gd_curthread).</summary>
    public LwktThread? CurrentThread => _core.Current;

    /// <summary>
    /// Number of threads waiting on this CPU's run queue that a work request may move: neither pinned nor kept by wake
    /// affinity (racy when read from elsewhere; docs/scheduler.md, placement).
    /// </summary>
    public int MovableCount => Volatile.Read(ref _shared.MovableCount);

    /// <summary>Counters of this CPU since the runtime started.</summary>
    public CpuCounters Counters => new(
        Volatile.Read(ref _core.Switches),
        Volatile.Read(ref _core.IpisSent),
        Volatile.Read(ref _core.IpisReceived),
        Volatile.Read(ref _core.Migrations),
        Volatile.Read(ref _core.IdleSleeps),
        Volatile.Read(ref _core.WorkRequests),
        TimeSpan.FromSeconds(Volatile.Read(ref _core.SpinTicks) / (double)Stopwatch.Frequency),
        Volatile.Read(ref _core.SpinsPaid),
        Volatile.Read(ref _core.SpinsWasted),
        _shared.Doorbell.WakesSent,
        Volatile.Read(ref _core.IpisBacklogged),
        Volatile.Read(ref _core.IpisPolled),
        Volatile.Read(ref _core.IpisUnrung));

    /// <summary>
    /// <see cref="Current"/> found from the stack pointer (<see cref="OnWorkerStack"/>), else by the thread-static read:
    /// for the hot paths that start from no object (a preemption point, a yield through an outside awaiter).
    /// </summary>
    internal static VirtualCpu? Calling
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => OnWorkerStack() ?? t_cpu;
    }

    internal static LwktThread? CurrentThreadOrNull
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_cpu?._core.Current;
    }

    /// <summary>The CPU of the caller, which must be an LWKT thread (or a worker processing IPIs).</summary>
    internal static VirtualCpu Mine => t_cpu ?? throw new InvalidOperationException(
        "This operation must be called from an LWKT thread (inside LwktRuntime).");

    /// <summary>How long a stopping worker waits for the kernel to give back cancelled sysport requests.</summary>
    private static readonly TimeSpan SysPortShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>This CPU's sysport ring, or null (fallback backend, deterministic run, or a ring the kernel refused).</summary>
    internal SysPortRing? SysRing => _core.SysRing;

    internal void Start() => _worker.Start();

    /// <summary>A one-line state dump for watchdogs and failed shutdowns.</summary>
    public override string ToString() =>
        $"cpu{Id}: movable={MovableCount} current={(_core.Current is null ? "-" : _core.Current.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))} " +
        StateTail;

    /// <summary>The end of <see cref="ToString"/> and of <see cref="DescribeState"/>: idle state, doorbell, timers, counters.</summary>
    private string StateTail => $"sleeping={IsSleeping} exited={HasExited} {_shared.Doorbell} timers={_core.TimerCount} {Counters}";

    internal bool Join(TimeSpan timeout) => _worker.Join(timeout);

    private void WorkerMain()
    {
        t_cpu = this;
        _core.OsThread = Thread.CurrentThread;
        if (_hostCpu is int host)
        {
            Affinity.PinCurrentThread(host);
        }

        // The sysport's ring is created here: the worker is its single issuer. A CPU whose ring cannot be set up
        // sends its kernel calls to the fallback threads and parks on its doorbell with futex(2).
        if (_runtime.SysPortBackend == SysPortBackend.IoUring)
        {
            _core.SysRing = SysPortRing.TryCreate(this, _runtime.SysPortRingSlots, out _);
        }

        // Timed parks end on time (the kernel's default 50 µs slack would make every timer late by that much).
        Native.TimerSlack.SetMinimalForCurrentThread();

        // Continuations of LWKT threads must not flow an ExecutionContext: the fast path captures nothing.
        ExecutionContext.SuppressFlow();
        try
        {
            EnterWorkerStack();
            SchedulerLoop();
        }
        finally
        {
            LeaveWorkerStack();
            _core.SysRing?.Shutdown(SysPortShutdownTimeout);
            AbortSysPortSleeps();
            SynchronizationContext.SetSynchronizationContext(null);
            t_cpu = null;
        }
    }

    /// <summary>
    /// The runtime's clock in <see cref="Stopwatch"/> ticks: real time, or the virtual clock of a deterministic run
    /// (every timer, time slice and spin budget reads it, so a seed replays the same interleaving).
    /// </summary>
    internal long Now => _runtime.NowTicks;
}
