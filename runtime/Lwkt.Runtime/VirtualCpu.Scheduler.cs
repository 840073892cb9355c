using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwkt.Runtime.Diagnostics;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    private long _switches;
    private long _migrations;
    private int _runnableCount;
    private uint _loopCount;

    /// <summary>
    /// When the running thread's time slice ends, in <see cref="Now"/> ticks; 0 while the slice is not armed. A switch
    /// from the run queue disarms it; the first preemption point or hand-off that sees another thread runnable arms it
    /// (nothing competes for the CPU before then, so the clock is never read on an uncontended path). A hand-off keeps
    /// it: the woken thread inherits the rest of the slice.
    /// </summary>
    private long _sliceEnd;

    /// <summary>
    /// A thread of higher priority than the running one became runnable here, or the running one lowered its own
    /// priority below a queued one (lwkt: need_lwkt_resched, RQF_AST_LWKT_RESCHED); honoured at the next preemption
    /// point. Cleared at every switch.
    /// </summary>
    private bool _reschedRequested;

    /// <summary>
    /// The direct hand-off slot (Go: runnext; Tokio: the LIFO slot): the last thread the running thread woke on this
    /// CPU. When the running thread then blocks, this thread runs next without a trip through the run queue and
    /// inherits the rest of the slice. Non-null only between that wake and the next <see cref="Step"/>.
    /// </summary>
    private LwktThread? _handOff;

    /// <summary>
    /// True while the running thread itself runs (wakes it makes may hand off). False between threads and while the
    /// CPU services IPIs or timers at a preemption point: those wakes go to the run queue.
    /// </summary>
    private bool _mayHandOff;

    private long _handOffs;
    private int _exited;

    /// <summary>True once the worker has left its loop at shutdown.</summary>
    internal bool HasExited => Volatile.Read(ref _exited) != 0;

    /// <summary>
    /// The thread that last switched out is still runnable inside a critical section: IPIs wait until a thread
    /// outside one switches out, or the CPU goes idle (lwkt: Xipiq sees td_critcount != 0 and only flags RQF_IPIQ).
    /// </summary>
    private bool _deferIpis;

    /// <summary>
    /// The worker's loop (lwkt: lwkt_switch + the idle thread). Each pass: run deferred IPIs and due timers, pick the
    /// highest runnable thread, take its whole token set (all or nothing), run it to its next blocking point, then
    /// release every token it holds (tokens are held only while running).
    /// </summary>
    private void SchedulerLoop()
    {
        while (true)
        {
            if (!Step())
            {
                if (_runtime.IsStopping && _runtime.LiveThreads == 0)
                {
                    Volatile.Write(ref _exited, 1);
                    return;
                }

                Idle();
            }
        }
    }

    /// <summary>
    /// One pass of the scheduler: deferred IPIs, due timers, then at most one thread. Returns false when nothing was
    /// runnable (the caller idles). The worker loop calls it forever; a deterministic run calls it for a CPU chosen by
    /// the seeded driver, on the driver's OS thread.
    /// </summary>
    internal bool Step()
    {
        if (_sysRing is SysPortRing ring && ring.WantsService(_runQueue.IsEmpty))
        {
            ring.Service();
        }

        if (_doorbell.IsRung && !_deferIpis)
        {
            ProcessIpis();
        }

        if (_timerCount != 0 && ((++_loopCount & 31) == 0 || _runQueue.IsEmpty))
        {
            RunDueTimers();
        }

        LwktThread? td = _handOff;
        if (td is not null)
        {
            _handOff = null;
            td = TakeHandOff(td);
        }
        else
        {
            td = _runQueue.Dequeue();
            if (td is null)
            {
                _deferIpis = false;
                return false;
            }

            _sliceEnd = 0;
        }

        _runnableCount = _runQueue.Count;
        if (td._tokCount != 0 && !PlantedBugs.SkipsTokenTake(td) && !TryTakeTokens(td))
        {
            return true;
        }

        Run(td);
        return true;
    }

    /// <summary>
    /// Picks between the hand-off thread and the queue (Step, after the running thread switched out). The hand-off
    /// runs next, inheriting the slice, unless a queued thread has a higher priority (priorities stay strict) or the
    /// inherited slice is used up while others wait: then the woken thread joins the tail of its level like any other
    /// and the head of the queue runs with a fresh slice, so a ping-pong pair cannot starve the rest of the CPU.
    /// </summary>
    private LwktThread TakeHandOff(LwktThread td)
    {
        if (_runQueue.IsEmpty)
        {
            _handOffs++;
            return td;
        }

        if (_runQueue.HighestPriority <= td.PriorityLevel && !SliceUsedAtHandOff())
        {
            _handOffs++;
            return td;
        }

        _runQueue.Enqueue(td);
        _sliceEnd = 0;
        return _runQueue.Dequeue()!;
    }

    /// <summary>
    /// True when the running thread's slice is over. Called only when another thread waits for this CPU; arms the slice
    /// on its first call after a switch (lwkt: the hz tick of lwkt_schedulerclock, here a deadline read from the clock).
    /// </summary>
    private bool SliceUsed()
    {
        long now = Now;
        long end = _sliceEnd;
        if (end == 0)
        {
            _sliceEnd = now + _runtime.TimeSliceTicks;
            return false;
        }

        return now >= end;
    }

    /// <summary>
    /// <see cref="SliceUsed"/> for a hand-off. A clock read (about 30 ns on the development VM) costs as much as a
    /// tenth of a same-CPU round trip, and a ping-pong pair next to a hog hands off twice per round trip: once the
    /// slice is armed, the clock is read on every <see cref="HandOffClockPeriod"/>-th hand-off only, which overruns a
    /// slice by a few hand-offs at most (microseconds against a millisecond). Counting keeps seeded runs deterministic.
    /// </summary>
    private bool SliceUsedAtHandOff()
    {
        if (_sliceEnd != 0 && (++_handOffsSinceClock & (HandOffClockPeriod - 1)) != 0)
        {
            return false;
        }

        return SliceUsed();
    }

    /// <summary>Hand-offs between two clock reads while the slice is armed (a power of two).</summary>
    private const int HandOffClockPeriod = 8;

    private uint _handOffsSinceClock;

    /// <summary>Direct hand-offs taken (the woken thread ran next, skipping the queue).</summary>
    internal long HandOffs => Volatile.Read(ref _handOffs);

    /// <summary>True when a step would do something: a runnable thread, a pending IPI, or a due timer.</summary>
    internal bool HasWork =>
        !_runQueue.IsEmpty || _handOff is not null || _doorbell.IsRung || (_timerCount != 0 && TimerDue());

    /// <summary>One step on the calling OS thread as this CPU (the deterministic driver).</summary>
    internal void StepAsSelf()
    {
        VirtualCpu? saved = t_cpu;
        t_cpu = this;
        try
        {
            Step();
        }
        finally
        {
            t_cpu = saved;
        }
    }

    /// <summary>Runs <paramref name="td"/> until it switches out, then settles where it went.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Run(LwktThread td)
    {
        Invariants.OnOwnerCpu(td);
        Invariants.InState(td, ThreadState.Runnable);
        Invariants.HoldsTokenSet(td);
        Debug.Assert(_current is null && !td._onRunQueue, $"cpu{Id} runs thread {td.Id} while thread {_current?.Id} runs, or it is still queued");
        td._state = ThreadState.Running;
        _current = td;
        _reschedRequested = false;
        if (SynchronizationContext.Current != td)
        {
            SynchronizationContext.SetSynchronizationContext(td);
        }

        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnSwitch(this, td);
        _mayHandOff = true;
        td.Resume();
        _mayHandOff = false;
        _current = null;
        _switches++;
        if (_runtime.IsDeterministic)
        {
            _runtime.RecordSwitch(this, td);
        }

        _deferIpis = td._critCount != 0 && td._state == ThreadState.Runnable && !PlantedBugs.IpiInCriticalSection;

        if (td._tokHave != 0 && !PlantedBugs.KeepsTokens(td))
        {
            ReleaseAllTokens(td);
        }

        switch (td._state)
        {
            case ThreadState.Running:
                // No LWKT blocking point was registered: the body finished, or it awaits a foreign task.
                if (td.BodyFinished())
                {
                    td.OnExit();
                    if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnExit(td);
                    _runtime.OnThreadExited(td);
                }
                else
                {
                    td._state = ThreadState.ForeignWait;
                    td.DeliverLaterPost();
                }

                break;
            case ThreadState.Runnable when td._migrateTo is VirtualCpu target:
                // lwkt_setcpu_self: the thread is off this CPU now, so the target may take it.
                td._migrateTo = null;
                GiveAway(td, target);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Puts a thread of this CPU on the run queue (lwkt: _lwkt_enqueue): a thread of higher priority than the running
    /// one requests a reschedule. The running thread requeueing itself (a yield, a contended token) is not blocking, so
    /// a thread it woke gives up the hand-off and is queued first, in wake order. Caller: this CPU's worker.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EnqueueLocal(LwktThread td)
    {
        Invariants.OnWorker(this);
        Debug.Assert(td._cpu == this, $"cpu{Id} queues thread {td.Id} of cpu{td._cpu.Id}");
        LwktThread? current = _current;
        if (current is not null)
        {
            if (td == current)
            {
                if (_handOff is LwktThread woken)
                {
                    _handOff = null;
                    _runQueue.Enqueue(woken);
                }
            }
            else if (td.PriorityLevel > current.PriorityLevel)
            {
                _reschedRequested = true;
            }
        }

        _runQueue.Enqueue(td);
        int count = _runQueue.Count;
        _runnableCount = count;
        if (count >= 2 && _runtime.SleepingCpus != 0)
        {
            _runtime.WakeOneSleeper(this);
        }
    }

    /// <summary>Makes a blocked or newly arrived thread of this CPU runnable. Caller: this CPU's worker.</summary>
    internal void MakeRunnable(LwktThread td)
    {
        Invariants.OnWorker(this);
        Debug.Assert(td._state is not (ThreadState.Running or ThreadState.Exited), $"thread {td.Id} made runnable while {td._state}");
        td._state = ThreadState.Runnable;
        EnqueueLocal(td);
    }

    /// <summary>
    /// Makes a thread of this CPU runnable after a wakeup. When the running thread woke it, it takes the hand-off slot
    /// (a thread already there moves to the queue, as Go's runqput does with runnext); otherwise it is queued.
    /// Caller: this CPU's worker.
    /// </summary>
    internal void MakeRunnableWoken(LwktThread td)
    {
        Invariants.OnWorker(this);
        Debug.Assert(td._cpu == this && td != _current, $"cpu{Id} wakes thread {td.Id} of cpu{td._cpu.Id} (running: {_current?.Id})");
        td._state = ThreadState.Runnable;
        if (!_mayHandOff)
        {
            EnqueueLocal(td);
            return;
        }

        LwktThread current = _current!;
        if (td.PriorityLevel > current.PriorityLevel)
        {
            _reschedRequested = true;
        }

        if (_handOff is LwktThread displaced)
        {
            _runQueue.Enqueue(displaced);
            _runnableCount = _runQueue.Count;
        }

        _handOff = td;
        if (!_runQueue.IsEmpty && _runtime.SleepingCpus != 0)
        {
            _runtime.WakeOneSleeper(this);
        }
    }

    /// <summary>
    /// Schedules <paramref name="td"/> wherever it lives (lwkt: lwkt_schedule): directly when it is ours, by IPI
    /// otherwise (asynchronous: the thread has not necessarily run when this returns). Any thread may call it.
    /// </summary>
    internal static void ScheduleNew(LwktThread td)
    {
        VirtualCpu? mine = Current;
        VirtualCpu owner = td._cpu;
        if (mine == owner)
        {
            owner.MakeRunnable(td);
        }
        else if (mine is not null)
        {
            mine.SendIpi(owner, s_acceptThread, td, 0);
        }
        else
        {
            owner.SendExternal(s_acceptThread, td, 0);
        }
    }

    /// <summary>IPI handler: a thread created for, or migrated to, this CPU arrives.</summary>
    private static readonly Action<object?, long> s_acceptThread = static (arg, _) =>
    {
        var td = (LwktThread)arg!;
        Mine.MakeRunnable(td);
    };

    /// <summary>Hands a queued or just-switched-out thread to <paramref name="target"/>. Caller: this CPU's worker.</summary>
    private void GiveAway(LwktThread td, VirtualCpu target)
    {
        Invariants.OnOwnerCpu(td);
        Debug.Assert(!td._onRunQueue && td != _current, $"thread {td.Id} given away while queued or running");
        Volatile.Write(ref td._cpu, target);
        _migrations++;
        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnMigrate(td, this, target);
        SendIpi(target, s_acceptThread, td, 0);
    }

    /// <summary>
    /// The preemption point's test (lwkt: lwkt_yield = splz, then lwkt_resched_wanted): true when the running thread
    /// should switch. With nothing else runnable, no IPI and no timer pending it is a few loads and never reads the
    /// clock. Otherwise pending IPIs and due timers are serviced here, outside a critical section (lwkt: splz), so a
    /// wakeup or message for this CPU is delivered without a switch; then the thread yields if a reschedule was
    /// requested (a higher priority thread is runnable) or, when another thread waits, its slice is used.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool ReschedWanted(LwktThread td)
    {
        if (_runQueue.IsEmpty && _handOff is null && !_doorbell.IsRung && _timerCount == 0)
        {
            return false;
        }

        return ReschedWantedSlow(td);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReschedWantedSlow(LwktThread td)
    {
        if (td._critCount == 0)
        {
            ServiceAtPreemptionPoint();
        }
        else if (_doorbell.IsRung)
        {
            // IPIs wait for the critical section to end; the thread yields when its slice is over so they are not
            // held up by more than one slice.
            return _reschedRequested || SliceUsed();
        }

        if (_reschedRequested)
        {
            return true;
        }

        return (!_runQueue.IsEmpty || _handOff is not null) && SliceUsed();
    }

    /// <summary>
    /// Runs pending IPIs and due timers on behalf of the running thread (lwkt: splz from lwkt_yield). Threads they
    /// make runnable are queued, never handed off: the running thread is not about to block.
    /// </summary>
    private void ServiceAtPreemptionPoint()
    {
        _mayHandOff = false;
        if (_doorbell.IsRung)
        {
            ProcessIpis();
        }

        if (_timerCount != 0 && TimerDue())
        {
            RunDueTimers();
        }

        _mayHandOff = true;
    }

    /// <summary>Requests a reschedule at the running thread's next preemption point (lwkt: need_lwkt_resched).</summary>
    internal void RequestResched() => _reschedRequested = true;

    /// <summary>True when a thread of higher priority than <paramref name="priority"/> is queued here.</summary>
    internal bool HasQueuedAbove(int priority) => _runQueue.HighestPriority > priority;
}
