using Lwkt.Runtime.Diagnostics;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>
    /// Non-zero while the worker sleeps (or is about to) in the kernel: <see cref="ParkedOnSemaphore"/> or
    /// <see cref="ParkedInRing"/>, which says how to wake it. A sender that clears it must wake it that way.
    /// </summary>
    private int _sleeping;

    private const int ParkedOnSemaphore = 1;

    /// <summary>Parked in the sysport ring's one wait (completions, timer, doorbell): woken by its doorbell.</summary>
    private const int ParkedInRing = 2;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private long _idleSleeps;
    private long _workRequests;

    /// <summary>Most threads one work request moves: enough to balance, few enough not to flood the requester's ring.</summary>
    private const int MaxGiveAway = 64;

    /// <summary>1 while this CPU's work request has not been answered.</summary>
    private int _awaitingWork;

    /// <summary>
    /// The idle loop (lwkt: the idle thread + cpu_idle): spin briefly watching for IPIs — asking the busiest CPU for
    /// work once — then sleep in the kernel until a sender wakes us or the next timer is due. Runs only when the run
    /// queue is empty. Spinning first keeps cross-CPU hand-offs (ping-pong) off the kernel's wake-up path.
    /// </summary>
    private void Idle()
    {
        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnIdle(this);
        long start = Now;
        long deadline = start + _runtime.IdleSpinTicks;

        // Ask for work only once the CPU has stayed idle for a fifth of the spin: a message hand-off between two CPUs
        // leaves each idle for a moment every round trip, and a work request per round trip would double its IPIs.
        long askAt = start + (_runtime.IdleSpinTicks / 5);
        bool asked = false;
        for (int i = 0; ; i++)
        {
            if (HasIncoming || !_runQueue.IsEmpty || (_timerCount != 0 && TimerDue())
                || (_sysRing is not null && _sysRing.WantsService(runQueueEmpty: true)))
            {
                return;
            }

            if (!asked && (i & 7) == 7 && Now >= askAt)
            {
                asked = true;
                RequestWork();
            }

            Thread.SpinWait(1);
            if ((i & 7) == 7 && Now > deadline)
            {
                break;
            }
        }

        if (_runtime.IsStopping && _runtime.LiveThreads == 0)
        {
            return;
        }

        // Announce the sleep with a full fence, then look once more: a sender either sees _sleeping != 0 and wakes
        // us, or published before our final check and we see its work. The ring's doorbell is set before the
        // announcement, so a waker's clear always comes after it.
        SysPortRing? ring = _sysRing;
        ring?.PrepareToPark();
        Interlocked.Exchange(ref _sleeping, ring is null ? ParkedOnSemaphore : ParkedInRing);
        _runtime.AddSleeper(1);
        try
        {
            if (HasIncoming || (_timerCount != 0 && TimerDue()) || (_runtime.IsStopping && _runtime.LiveThreads == 0)
                || (ring is not null && ring.WantsService(runQueueEmpty: true)))
            {
                return;
            }

            _idleSleeps++;
            long ticks = _timerCount != 0 ? NextTimerDeadline - Now : -1;
            if (ring is not null)
            {
                // One wait for everything: completions, the doorbell, and the next timer to the nanosecond.
                ring.Park(ticks < 0 ? -1 : (long)(ticks * (1e9 / System.Diagnostics.Stopwatch.Frequency)));
                return;
            }

            int timeoutMs = Timeout.Infinite;
            if (ticks >= 0)
            {
                // Sub-millisecond accuracy: the kernel wait rounds to milliseconds, so sleep one short and spin the
                // rest (the spin loop above returns as soon as the timer is due).
                timeoutMs = (int)Math.Max(0, (ticks * 1000 / System.Diagnostics.Stopwatch.Frequency) - 1);
            }

            if (timeoutMs != 0)
            {
                _wake.Wait(timeoutMs);
            }
        }
        finally
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 0 && ring is null)
            {
                // A waker claimed the sleep and released the semaphore; consume that count so it does not turn a
                // later sleep into a spurious return... it would be harmless, but keep the count bounded. (A claimed
                // ring park leaves a doorbell completion, which the ring reaps.)
                _wake.Wait(0);
            }

            _runtime.AddSleeper(-1);
        }
    }

    /// <summary>Wakes the worker if it sleeps in the idle loop. Any thread may call it.</summary>
    internal void WakeIfSleeping()
    {
        int parked = Volatile.Read(ref _sleeping);
        if (parked != 0 && Interlocked.CompareExchange(ref _sleeping, 0, parked) == parked)
        {
            if (parked == ParkedInRing)
            {
                _sysRing!.RingDoorbell();
            }
            else
            {
                _wake.Release();
            }
        }
    }

    /// <summary>True when this CPU is parked in the kernel.</summary>
    internal bool IsSleeping => Volatile.Read(ref _sleeping) != 0;

    /// <summary>
    /// Work distribution, the seed's "ipi another rfork asking for runnable threads" that libcaps never built: an idle
    /// CPU sends a work request to the CPU with the most queued threads, which migrates some to it.
    /// </summary>
    private void RequestWork()
    {
        // One request outstanding at a time: a busy CPU answers only at its next switch point, and repeated requests
        // would only fill its ring.
        if (Volatile.Read(ref _awaitingWork) != 0 || _runtime.IsStopping)
        {
            return;
        }

        VirtualCpu? busiest = null;
        int most = 0;
        foreach (VirtualCpu cpu in _runtime.Cpus)
        {
            int n = cpu.RunnableCount;
            if (cpu != this && n > most)
            {
                most = n;
                busiest = cpu;
            }
        }

        if (busiest is not null)
        {
            _workRequests++;
            if (LwktEventSource.SchedulerOn) LwktEventSource.Log.WorkRequest(Id, busiest.Id, most);
            Volatile.Write(ref _awaitingWork, 1);
            SendIpi(busiest, s_workRequest, this, 0);
        }
    }

    /// <summary>
    /// IPI handler on a busy CPU: give about half of the queued, unpinned threads to the idle requester. Queued threads
    /// hold no tokens (they were released at switch-out), so they move freely; the requester's scheduler takes their
    /// tokens again before running them.
    /// </summary>
    private static readonly Action<object?, long> s_workRequest = static (arg, _) =>
    {
        VirtualCpu me = Mine;
        var requester = (VirtualCpu)arg!;
        Volatile.Write(ref requester._awaitingWork, 0);
        int give = Math.Min((me._runQueue.Count + 1) / 2, MaxGiveAway);
        if (me._runQueue.Count < 1)
        {
            return;
        }

        for (int i = 0; i < give; i++)
        {
            LwktThread? td = me._runQueue.PeekMigratable();
            if (td is null)
            {
                break;
            }

            me._runQueue.Remove(td);
            me.GiveAway(td, requester);
        }

        me._runnableCount = me._runQueue.Count;
    };
}
