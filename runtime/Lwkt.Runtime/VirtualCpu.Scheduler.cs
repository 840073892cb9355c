using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwkt.Runtime.Diagnostics;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>True once the worker has left its loop at shutdown.</summary>
    internal bool HasExited => Volatile.Read(ref _shared.Exited) != 0;

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
                    Volatile.Write(ref _shared.Exited, 1);
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
        if (_core.SysRing is SysPortRing ring && ring.WantsService(_core.RunQueue.IsEmpty))
        {
            ring.Service();
        }

        if ((IpiPending || _core.RingScanOwed) && !_core.DeferIpis)
        {
            ProcessIpis();
        }

        if (_core.TimerCount != 0 && ((++_core.LoopCount & 31) == 0 || _core.RunQueue.IsEmpty))
        {
            RunDueTimers();
        }

        LwktThread? td = _core.HandOff;
        if (td is not null)
        {
            _core.HandOff = null;
            td = TakeHandOff(td);
        }
        else
        {
            td = _core.RunQueue.Dequeue();
            if (td is null)
            {
                _core.DeferIpis = false;
                return false;
            }

            _core.SliceEnd = 0;
        }

        PublishMovableCount();
        if (td._tokCount != 0 && !PlantedBugs.SkipsTokenTake(td) && !TryTakeTokens(td))
        {
            // No thread ran, so the deferral ends here: it was set for one step (the thread the idle spin's entries
            // woke, or a thread outside a critical section, runs and recomputes it), and a step that runs nothing must
            // not renew it. Otherwise threads that keep failing their token take, and are requeued each time, defer
            // the doorbell forever, and the entry they wait for may be in the ring: rwlock at 2 cores spun both CPUs
            // for good in half the launches — the readers deferring to an exclusive request whose writer's wake (an
            // IPI) was never run (docs/lwkt-semantics.md, "IPIs and failed token takes").
            if (!PlantedBugs.DefersIpisPastFailedTake)
            {
                _core.DeferIpis = false;
            }

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
        if (_core.RunQueue.IsEmpty)
        {
            _core.HandOffs++;
            return td;
        }

        if (_core.RunQueue.HighestPriority <= td.PriorityLevel && !SliceUsedAtHandOff())
        {
            _core.HandOffs++;
            return td;
        }

        _core.RunQueue.Enqueue(td);
        _core.SliceEnd = 0;
        return _core.RunQueue.Dequeue()!;
    }

    /// <summary>
    /// True when the running thread's slice is over. Called only when another thread waits for this CPU; arms the slice
    /// on its first call after a switch (lwkt: the hz tick of lwkt_schedulerclock, here a deadline read from the clock).
    /// </summary>
    private bool SliceUsed()
    {
        long now = Now;
        long end = _core.SliceEnd;
        if (end == 0)
        {
            _core.SliceEnd = now + _runtime.TimeSliceTicks;
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
        if (_core.SliceEnd != 0 && (++_core.HandOffsSinceClock & (HandOffClockPeriod - 1)) != 0)
        {
            return false;
        }

        return SliceUsed();
    }

    /// <summary>Hand-offs between two clock reads while the slice is armed (a power of two).</summary>
    private const int HandOffClockPeriod = 8;

    /// <summary>
    /// <see cref="SliceUsed"/> at a preemption point. lwkt reads no clock there: the hz tick sets need_lwkt_resched. A
    /// userland runtime has no tick for free, and a thread that calls a preemption point between short ops (a private
    /// lock taken and released, 14 ns an op in <c>uncontended</c>) paid a clock read (20–30 ns on the development VM,
    /// 15 % of the samples of such a cell with a second thread queued) at every op once another thread waited. So,
    /// once the slice is armed, the clock is read at every <see cref="CpuCore.PreemptClockPeriod"/>-th call only, a
    /// period adapted at each read so that reads fall about 1/<see cref="PreemptClockReadsPerSlice"/> of a slice
    /// apart: doubled (up to <see cref="MaxPreemptClockPeriod"/>) when the last reads were closer than that, cut in
    /// proportion when they were more than twice as far. While the calls keep their pace a slice overruns by at most
    /// 2/<see cref="PreemptClockReadsPerSlice"/> of itself; when the pace drops at once, by at most one period of calls
    /// at the new pace (then the period follows it). The first call after a switch always reads the clock (it arms
    /// the slice). Counting, with the virtual clock, keeps seeded runs deterministic.
    /// </summary>
    private bool SliceUsedAtPreemptionPoint()
    {
        if (_core.SliceEnd != 0 && --_core.PreemptChecksLeft > 0)
        {
            return false;
        }

        long now = Now;
        long end = _core.SliceEnd;
        int period = Math.Max(1, _core.PreemptClockPeriod);
        if (end == 0)
        {
            _core.SliceEnd = now + _runtime.TimeSliceTicks;
        }
        else
        {
            long target = Math.Max(1, _runtime.TimeSliceTicks / PreemptClockReadsPerSlice);
            long since = now - _core.PreemptClockAt;
            if (since < target)
            {
                period = Math.Min(period * 2, MaxPreemptClockPeriod);
            }
            else if (since > 2 * target)
            {
                period = (int)Math.Max(1, period * target / since);
            }
        }

        _core.PreemptClockPeriod = period;
        _core.PreemptChecksLeft = period;
        _core.PreemptClockAt = now;
        _core.PreemptClockReads++;
        return end != 0 && now >= end;
    }

    /// <summary>
    /// Reads of the slice clock a preemption point aims at per slice: 64, so a slice of 1 ms overruns by at most about
    /// 30 µs while the calls keep their pace, and a run of 14 ns calls reads the clock every 64th call (≤ 0.5 ns a call).
    /// </summary>
    private const int PreemptClockReadsPerSlice = 64;

    /// <summary>The longest period: bounds the overrun when the calls' pace drops at once to 64 calls at the new pace.</summary>
    private const int MaxPreemptClockPeriod = 64;

    /// <summary>Reads of the slice clock by this CPU's preemption points (<see cref="CpuCore.PreemptClockReads"/>).</summary>
    internal long PreemptClockReads => Volatile.Read(ref _core.PreemptClockReads);

    /// <summary>Direct hand-offs taken (the woken thread ran next, skipping the queue).</summary>
    internal long HandOffs => Volatile.Read(ref _core.HandOffs);

    /// <summary>True when a step would do something: a runnable thread, a pending IPI, or a due timer.</summary>
    internal bool HasWork =>
        !_core.RunQueue.IsEmpty || _core.HandOff is not null || IpiPending || (_core.TimerCount != 0 && TimerDue());

    /// <summary>One step on the calling OS thread as this CPU (the deterministic driver).</summary>
    internal void StepAsSelf()
    {
        VirtualCpu? saved = t_cpu;
        t_cpu = this;
        _core.OsThread = Thread.CurrentThread;
        try
        {
            Step();
        }
        finally
        {
            t_cpu = saved;
        }
    }

    /// <summary>
    /// The <see cref="SynchronizationContext"/> slot of <paramref name="thread"/>, the field that
    /// <see cref="SynchronizationContext.Current"/> reads and <see cref="SynchronizationContext.SetSynchronizationContext"/>
    /// writes. Each of those finds the OS thread through <see cref="Thread.CurrentThread"/>, a thread-static read (a
    /// <c>__tls_get_addr</c> call under W^X); <see cref="Run"/> sets the slot at every switch between threads, through
    /// the OS thread it already knows (<see cref="CpuCore.OsThread"/>). SwitchContextTests check that the context is the
    /// running thread after every kind of switch.
    /// </summary>
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_synchronizationContext")]
    private static extern ref SynchronizationContext? ContextOf(Thread thread);

    /// <summary>Runs <paramref name="td"/> until it switches out, then settles where it went.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Run(LwktThread td)
    {
        Invariants.OnOwnerCpu(td);
        Invariants.InState(td, ThreadState.Runnable);
        Invariants.HoldsTokenSet(td);
        Debug.Assert(_core.Current is null && !td._onRunQueue, $"cpu{Id} runs thread {td.Id} while thread {_core.Current?.Id} runs, or it is still queued");
        td._state = ThreadState.Running;
        _core.Current = td;
        _core.ReschedRequested = false;
        ref SynchronizationContext? context = ref ContextOf(_core.OsThread!);
        if (context != td)
        {
            context = td;
        }

        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnSwitch(this, td);
        _core.MayHandOff = true;
        td.Resume();
        _core.MayHandOff = false;
        _core.Current = null;
        _core.Switches++;
        if (_runtime.IsDeterministic)
        {
            _runtime.RecordSwitch(this, td);
        }

        _core.DeferIpis = td._critCount != 0 && td._state == ThreadState.Runnable && !PlantedBugs.IpiInCriticalSection;

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
                    // The event before OnExit: OnExit wakes the joiners, and one that returns from its join must find
                    // the thread's exit already written (a listener counting exits after Join missed one under load).
                    if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnExit(td);
                    td.ClearRunLinks();
                    td.OnExit();
                    _runtime.OnThreadExited(td);
                }
                else
                {
                    td._state = ThreadState.ForeignWait;
                    td.DeliverLaterPost();
                }

                break;
            case ThreadState.Runnable when td.TakeMigrateTo() is VirtualCpu target:
                // lwkt_setcpu_self: the thread is off this CPU now, so the target may take it.
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
        LwktThread? current = _core.Current;
        if (current is not null)
        {
            if (td == current)
            {
                if (_core.HandOff is LwktThread woken)
                {
                    _core.HandOff = null;
                    _core.RunQueue.Enqueue(woken);
                }
            }
            else if (td.PriorityLevel > current.PriorityLevel)
            {
                _core.ReschedRequested = true;
            }
        }

        _core.RunQueue.Enqueue(td);

        // The running thread requeueing itself switches out at once, and the step that follows publishes the count once
        // it has dequeued the next thread: a yield between movable threads leaves it as it was, and publishing here too
        // stored the count up and back down again per yield, on the line idle CPUs read.
        int count = td == current ? _core.RunQueue.MovableCount : PublishMovableCount();
        if (count >= 2 && _runtime.SleepingCpus != 0)
        {
            _runtime.WakeOneSleeper(this);
        }
    }

    /// <summary>
    /// Publishes the run queue's movable count to idle CPUs (<see cref="CpuShared.MovableCount"/>) and returns it. The
    /// count is stored only when it changed: a switch between pinned threads leaves it as it was, and a store would
    /// take the line from every idle CPU that reads it. Caller: this CPU's worker, after changing its queue.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PublishMovableCount()
    {
        int count = _core.RunQueue.MovableCount;
        if (_shared.MovableCount != count)
        {
            _shared.MovableCount = count;
        }

        return count;
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
        Debug.Assert(td._cpu == this && td != _core.Current, $"cpu{Id} wakes thread {td.Id} of cpu{td._cpu.Id} (running: {_core.Current?.Id})");
        td._state = ThreadState.Runnable;
        if (!_core.MayHandOff)
        {
            EnqueueLocal(td);
            return;
        }

        LwktThread current = _core.Current!;
        if (td.PriorityLevel > current.PriorityLevel)
        {
            _core.ReschedRequested = true;
        }

        if (_core.HandOff is LwktThread displaced)
        {
            _core.RunQueue.Enqueue(displaced);
            PublishMovableCount();
        }

        _core.HandOff = td;
        if (_core.RunQueue.MovableCount != 0 && _runtime.SleepingCpus != 0)
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
        // A spawn from an LWKT thread finds its CPU from the stack pointer, without the thread-static read (one per
        // spawn in the spawn workload).
        VirtualCpu? mine = Calling;
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
        Debug.Assert(!td._onRunQueue && td != _core.Current, $"thread {td.Id} given away while queued or running");
        Volatile.Write(ref td._cpu, target);
        _core.Migrations++;
        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnMigrate(td, this, target);
        SendIpi(target, s_acceptThread, td, 0);
    }

    /// <summary>
    /// The running thread's preemption point (<see cref="LwktThread.MaybeYieldAsync"/>): the thread, when it should
    /// switch, else null. The test is lwkt_yield's (splz, then lwkt_resched_wanted). With nothing else runnable, no IPI and no timer pending it is a few loads and never reads the
    /// clock. Otherwise pending IPIs and due timers are serviced here, outside a critical section (lwkt: splz), so a
    /// wakeup or message for this CPU is delivered without a switch; then the thread yields if a reschedule was
    /// requested (a higher priority thread is runnable) or, when another thread waits, its slice is used.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static LwktThread? ThreadToPreempt()
    {
        // The running thread's CPU is the calling worker's (t_cpu): found from the stack pointer, else by the one
        // thread-static read; its checks read that CPU, not the thread's _cpu, a load that would follow the thread's.
        VirtualCpu? cpu = Calling;
        LwktThread td = cpu?._core.Current ?? LwktThread.ThrowNotInThread();
        return cpu!.ReschedWanted(td) ? td : null;
    }

    /// <summary>The test of <see cref="ThreadToPreempt"/> for the running thread <paramref name="td"/> of this CPU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool ReschedWanted(LwktThread td)
    {
        if (_core.RunQueue.IsEmpty && _core.HandOff is null && !IpiPending && _core.TimerCount == 0)
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
        else if (IpiPending)
        {
            // IPIs wait for the critical section to end; the thread yields when its slice is over so they are not
            // held up by more than one slice.
            return _core.ReschedRequested || SliceUsed();
        }

        if (_core.ReschedRequested)
        {
            return true;
        }

        return (!_core.RunQueue.IsEmpty || _core.HandOff is not null) && SliceUsedAtPreemptionPoint();
    }

    /// <summary>
    /// Runs pending IPIs and due timers on behalf of the running thread (lwkt: splz from lwkt_yield). Threads they
    /// make runnable are queued, never handed off: the running thread is not about to block.
    /// </summary>
    private void ServiceAtPreemptionPoint()
    {
        _core.MayHandOff = false;
        if (IpiPending)
        {
            ProcessIpis();
        }

        if (_core.TimerCount != 0 && TimerDue())
        {
            RunDueTimers();
        }

        _core.MayHandOff = true;
    }

    /// <summary>
    /// <see cref="Doorbell.IsRung"/> of this CPU's doorbell, read through <see cref="CpuCore.DoorbellWord"/>: pending IPIs
    /// or external requests (racy, as the doorbell's: a ring that lands after the read is seen at the next check).
    /// </summary>
    private unsafe bool IpiPending
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Volatile.Read(ref *_core.DoorbellWord) & Doorbell.Rung) != 0;
    }

    /// <summary>Requests a reschedule at the running thread's next preemption point (lwkt: need_lwkt_resched).</summary>
    internal void RequestResched() => _core.ReschedRequested = true;

    /// <summary>True when a thread of higher priority than <paramref name="priority"/> is queued here.</summary>
    internal bool HasQueuedAbove(int priority) => _core.RunQueue.HighestPriority > priority;
}
