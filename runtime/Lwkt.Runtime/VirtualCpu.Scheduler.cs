using System.Runtime.CompilerServices;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    private long _switches;
    private long _migrations;
    private int _runnableCount;
    /// <summary>The runtime's tick when the running thread was switched in (lwkt: the hz clock of lwkt_schedulerclock).</summary>
    private long _sliceTick;
    private uint _loopCount;
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
        if (Volatile.Read(ref _ipiPending) != 0 && !_deferIpis)
        {
            ProcessIpis();
        }

        if (_timerCount != 0 && ((++_loopCount & 31) == 0 || _runQueue.IsEmpty))
        {
            RunDueTimers();
        }

        LwktThread? td = _runQueue.Dequeue();
        if (td is null)
        {
            _deferIpis = false;
            return false;
        }

        _runnableCount = _runQueue.Count;
        if (td._tokCount != 0 && !TryTakeTokens(td))
        {
            return true;
        }

        Run(td);
        return true;
    }

    /// <summary>True when a step would do something: a runnable thread, a pending IPI, or a due timer.</summary>
    internal bool HasWork => !_runQueue.IsEmpty || Volatile.Read(ref _ipiPending) != 0 || (_timerCount != 0 && TimerDue());

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
        td._state = ThreadState.Running;
        _current = td;
        _sliceTick = _runtime.Tick;
        if (SynchronizationContext.Current != td)
        {
            SynchronizationContext.SetSynchronizationContext(td);
        }

        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnSwitch(this, td);
        td.Resume();
        _current = null;
        _switches++;
        if (_runtime.IsDeterministic)
        {
            _runtime.RecordSwitch(this, td);
        }

        _deferIpis = td._critCount != 0 && td._state == ThreadState.Runnable;

        if (td._tokHave != 0)
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

    /// <summary>Puts a thread of this CPU on the run queue. Caller: this CPU's worker.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EnqueueLocal(LwktThread td)
    {
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
        td._state = ThreadState.Runnable;
        EnqueueLocal(td);
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
        Volatile.Write(ref td._cpu, target);
        _migrations++;
        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnMigrate(td, this, target);
        SendIpi(target, s_acceptThread, td, 0);
    }

    /// <summary>
    /// True when the running thread should yield (lwkt: lwkt_resched_wanted): another thread or an IPI waits, and either
    /// a scheduler tick has passed since the thread was switched in or a thread of higher priority is queued. Reading
    /// the tick is one load, so loops may check on every iteration.
    /// </summary>
    internal bool ReschedWanted(LwktThread td)
    {
        if (_runQueue.IsEmpty && Volatile.Read(ref _ipiPending) == 0)
        {
            return false;
        }

        return _runtime.Tick != _sliceTick || _runQueue.HighestPriority > td.PriorityLevel;
    }
}
