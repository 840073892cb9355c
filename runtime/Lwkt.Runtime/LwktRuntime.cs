using System.Diagnostics;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime;

/// <summary>
/// The LWKT M:N runtime: M virtual CPUs (worker OS threads, each with its own scheduler and idle loop) running N
/// LWKT threads the OS does not know about. Create it, spawn threads (or <see cref="Run"/> a root thread), and dispose
/// it to stop the workers.
/// </summary>
/// <remarks>
/// Shutdown is clean: <see cref="Dispose"/> waits until every LWKT thread has exited, then every worker returns;
/// nothing is left running and no thread is lost. A thread blocked forever therefore keeps Dispose waiting; use
/// <see cref="Dispose(TimeSpan)"/> to bound it.
/// </remarks>
public sealed partial class LwktRuntime : IDisposable
{
    private readonly VirtualCpu[] _cpus;

    /// <summary>
    /// Threads created so far: the creation number of the newest (<see cref="NextThreadId"/>), and with
    /// <see cref="_exitedThreads"/> the live count, so a spawn pays one interlocked increment for both (a live counter of
    /// its own cost a second one per spawn, and its decrement one per exit as the exit count does).
    /// </summary>
    private long _createdThreads;

    /// <summary>Threads that have exited; never more than <see cref="_createdThreads"/>.</summary>
    private long _exitedThreads;

    private int _sleepingCpus;
    private int _stoppingFlag;
    private int _nextCpu;
    private bool _disposed;

    /// <summary>Starts <paramref name="options"/>.Cpus virtual CPUs (default: the cores this process may use).</summary>
    public LwktRuntime(LwktRuntimeOptions? options = null)
    {
        options ??= new LwktRuntimeOptions();
        int cpus = options.Cpus ?? Environment.ProcessorCount;
        if (cpus < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), cpus, "An LWKT runtime needs at least one virtual CPU.");
        }

        if (options.TimeSlice <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeSlice, "The time slice must be positive.");
        }

        CpuCount = cpus;
        TimeSliceTicks = VirtualCpu.ToTicks(options.TimeSlice);
        IdleSpinTicks = VirtualCpu.ToTicks(options.IdleSpin);
        TokenSpinTicks = VirtualCpu.ToTicks(options.TokenSpin);
        TokenPollsByExchange = cpus <= MaxCpusForExchangePolls;
        int[] hosts = options.Pin && OperatingSystem.IsLinux() ? Affinity.AllowedCpus() : [];
        Pinned = hosts.Length > 0 && options.DeterministicSeed is null;
        _cpus = new VirtualCpu[cpus];
        for (int i = 0; i < cpus; i++)
        {
            _cpus[i] = new VirtualCpu(this, i, hosts.Length == 0 ? null : hosts[i % hosts.Length]);
        }

        InitSleepMasks();
        ChooseSysPortBackend(options);
        _driverRandom = CreateDriver(options);
        if (!IsDeterministic)
        {
            foreach (VirtualCpu cpu in _cpus)
            {
                cpu.Start();
            }

        }
    }

    /// <summary>Number of virtual CPUs.</summary>
    public int CpuCount { get; }

    /// <summary>Whether each worker was pinned to one host CPU (<see cref="LwktRuntimeOptions.Pin"/> on a platform that can).</summary>
    public bool Pinned { get; }

    /// <summary>The virtual CPUs, by id.</summary>
    public IReadOnlyList<VirtualCpu> Cpus => _cpus;

    /// <summary>
    /// LWKT threads created and not yet exited. The exits are read first: a thread that exits meanwhile is still counted,
    /// never one that lives uncounted, so 0 means that every thread created by the time of the read had exited.
    /// </summary>
    public int LiveThreads
    {
        get
        {
            long exited = Volatile.Read(ref _exitedThreads);
            return (int)(Volatile.Read(ref _createdThreads) - exited);
        }
    }

    /// <summary>
    /// The scheduler's state for a hang diagnosis: live threads, every token collision so far, and one line per CPU
    /// (<see cref="VirtualCpu.DescribeState"/>), taken twice <paramref name="interval"/> apart so that what moves (a
    /// livelock: collisions climb while switches stand still) shows next to what stands. Callable from any OS thread
    /// while the runtime runs; racy, never consistent. The cell host writes it to stderr when the harness, about to kill
    /// a cell that timed out, asks for it (workloads/Lwkt.Workloads.Host/Protocol/PROTOCOL.md, "State at a timeout").
    /// </summary>
    public string DescribeState(TimeSpan interval)
    {
        var text = new System.Text.StringBuilder();
        for (int pass = 0; pass < 2; pass++)
        {
            if (pass == 1)
            {
                Thread.Sleep(interval);
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"after {interval.TotalMilliseconds:0} ms:\n");
            }

            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"live={LiveThreads} token-collisions={Token.AllCollisions}\n");
            foreach (VirtualCpu cpu in _cpus)
            {
                text.Append(cpu.DescribeState()).Append('\n');
            }
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The sum of every CPU's counters.</summary>
    public CpuCounters Counters
    {
        get
        {
            CpuCounters sum = default;
            foreach (VirtualCpu cpu in _cpus)
            {
                sum += cpu.Counters;
            }

            return sum;
        }
    }

    /// <summary>The time slice in clock ticks: read against the clock at preemption points, no timer thread.</summary>
    internal long TimeSliceTicks { get; }

    /// <summary>
    /// Deterministic runs only: the running thread spends <paramref name="duration"/> of virtual time, as CPU-bound work
    /// would (virtual time otherwise moves only between scheduler steps). Lets a seeded run exercise time slices.
    /// </summary>
    internal void SpendVirtualTime(TimeSpan duration)
    {
        if (!IsDeterministic)
        {
            throw new InvalidOperationException("Virtual time exists only in a deterministic run.");
        }

        _virtualNow += VirtualCpu.ToTicks(duration);
    }

    internal long IdleSpinTicks { get; }

    internal long TokenSpinTicks { get; }

    /// <summary>
    /// True when a waiter spinning for an exclusive token polls with the compare-exchange itself
    /// (<see cref="Token.TryExclusiveWithoutRead"/>), false when it reads the word and tries only a free one. A holder
    /// runs (tokens are given up at a switch), so on <see cref="MaxCpusForExchangePolls"/> CPUs at most one waiter
    /// spins against it, and polling by compare-exchange moves the word's line once each way per hand-over: <c>counter</c>
    /// at 2 cores and 64 threads went from about 190 to 145 ns an op (docs/cross-cpu.md). With more CPUs, several
    /// spinners would take the line from each other at every poll and delay the holder's release behind them (a
    /// test-and-set lock's collapse), so there they read first.
    /// </summary>
    internal bool TokenPollsByExchange { get; }

    /// <summary>The most CPUs at which <see cref="TokenPollsByExchange"/> holds: one holder and one spinner.</summary>
    internal const int MaxCpusForExchangePolls = 2;

    internal bool IsStopping => Volatile.Read(ref _stoppingFlag) != 0;

    internal int SleepingCpus => Volatile.Read(ref _sleepingCpus);

    /// <summary>
    /// Creates a thread running <paramref name="body"/> and schedules it (lwkt: lwkt_create). With
    /// <paramref name="cpu"/> it lives on that CPU and work distribution leaves it there; without, it goes to the less
    /// loaded of the caller's CPU and the next CPU in turn (two choices), and idle CPUs may pull it. With
    /// <paramref name="migratable"/>, a thread started on a chosen CPU may still be pulled. Any OS thread may call it.
    /// </summary>
    public LwktThread Spawn(Func<ValueTask> body, int? cpu = null, int priority = Priority.Default, bool migratable = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Spawn(s_invokeFunc, body, cpu, priority, migratable);
    }

    /// <summary>As <see cref="Spawn(Func{ValueTask}, int?, int, bool)"/>, with a state argument instead of a closure.</summary>
    public LwktThread Spawn(
        Func<object?, ValueTask> body, object? state, int? cpu = null, int priority = Priority.Default, bool migratable = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        if ((uint)priority >= Priority.Levels)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "LWKT priorities are 0..31.");
        }

        if (cpu is int c && (uint)c >= (uint)CpuCount)
        {
            throw new ArgumentOutOfRangeException(nameof(cpu), c, $"This runtime has CPUs 0..{CpuCount - 1}.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        return SpawnCore(body, state, cpu, priority, migratable);
    }

    /// <summary>
    /// Spawn without the argument and disposal checks: also for the runtime itself while <see cref="Dispose()"/> waits
    /// (a continuation that outlived its exiting thread gets a thread of its own, and Dispose then waits for it too).
    /// </summary>
    internal LwktThread SpawnCore(Func<object?, ValueTask> body, object? state, int? cpu, int priority, bool migratable)
    {
        VirtualCpu target = cpu is int chosen ? _cpus[chosen] : PickCpu();
        var td = new LwktThread(target, body, state, priority, pinned: cpu is not null && !migratable, NextThreadId());
        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnCreate(td, target);
        VirtualCpu.ScheduleNew(td);
        return td;
    }

    /// <summary>Runs <paramref name="root"/> as an LWKT thread and blocks the calling OS thread until it finishes.</summary>
    public void Run(Func<ValueTask> root) => Spawn(root).Join();

    private static readonly Func<object?, ValueTask> s_invokeFunc = static f => ((Func<ValueTask>)f!)();

    private VirtualCpu PickCpu()
    {
        if (_cpus.Length == 1)
        {
            return _cpus[0];
        }

        VirtualCpu? mine = VirtualCpu.Current;
        int next = (int)((uint)Interlocked.Increment(ref _nextCpu) % (uint)CpuCount);
        VirtualCpu other = _cpus[next];
        if (mine is null || mine.Runtime != this)
        {
            return other;
        }

        return other.MovableCount < mine.MovableCount ? other : mine;
    }

    internal void OnThreadExited(LwktThread td)
    {
        // The last exit once stopping wakes the workers. A thread spawned meanwhile (an orphan continuation) makes the
        // counts differ here, and its own exit is then the last.
        long exited = Interlocked.Increment(ref _exitedThreads);
        if (IsStopping && exited == Volatile.Read(ref _createdThreads))
        {
            WakeAll();
        }
    }

    internal void AddSleeper(int delta) => Interlocked.Add(ref _sleepingCpus, delta);

    /// <summary>
    /// Asks one idle CPU other than <paramref name="from"/> (parked, or on its way there) to request work from the busiest;
    /// a parked one is woken. Caller: a CPU that has just queued a second runnable thread while some CPU sleeps.
    /// </summary>
    internal void WakeOneSleeper(VirtualCpu from)
    {
        foreach (VirtualCpu cpu in _cpus)
        {
            if (cpu != from && cpu.IsIdle)
            {
                cpu.AskToPull();
                return;
            }
        }
    }

    /// <summary>The CPU with index <paramref name="id"/>.</summary>
    internal VirtualCpu CpuAt(int id) => _cpus[id];

    private void WakeAll()
    {
        foreach (VirtualCpu cpu in _cpus)
        {
            cpu.Kick();
        }
    }

    /// <summary>Waits for every LWKT thread to exit, then stops and joins every worker.</summary>
    public void Dispose() => Dispose(Timeout.InfiniteTimeSpan);

    /// <summary>
    /// As <see cref="Dispose()"/>, but gives up after <paramref name="timeout"/>: returns false, with the workers left
    /// running as background threads, when threads were still alive then.
    /// </summary>
    public bool Dispose(TimeSpan timeout)
    {
        if (_disposed)
        {
            return true;
        }

        _disposed = true;
        RetireSleepMasks();

        // Published before WakeAll rings every doorbell: a CPU either sees the flag in its last look before parking, or
        // parks first and the ring wakes it (docs/cross-cpu.md).
        Interlocked.Exchange(ref _stoppingFlag, 1);
        WakeAll();
        if (IsDeterministic)
        {
            if (LiveThreads != 0)
            {
                Drive(() => LiveThreads == 0);
            }

            return true;
        }

        var clock = Stopwatch.StartNew();
        foreach (VirtualCpu cpu in _cpus)
        {
            TimeSpan left = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout - clock.Elapsed;
            if (left != Timeout.InfiniteTimeSpan && left < TimeSpan.Zero)
            {
                return false;
            }

            if (!cpu.Join(left))
            {
                return false;
            }
        }

        return true;
    }
}
