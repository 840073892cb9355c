using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwkt.Runtime.Diagnostics;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>What an idle CPU may be doing, as other idle CPUs see it (<see cref="CpuShared.IdleState"/>).</summary>
    private const int Busy = 0, Spinning = 1, Resting = 2;

    /// <summary>Most threads one work request moves: enough to balance, few enough not to flood the requester's ring.</summary>
    private const int MaxGiveAway = 64;

    /// <summary>
    /// The shortest adaptive spin, as a fraction of <see cref="LwktRuntimeOptions.IdleSpin"/> (50 µs / 16 ≈ 3 µs: about
    /// four cross-CPU round trips at the floor probe's 0.71–0.90 µs), and the grace an idle CPU waits for a spinner to
    /// turn busy before it gives up spinning.
    /// </summary>
    private const int MinSpinDivisor = 16;

    /// <summary>
    /// Polls of the idle spin per clock read (a power of two). A poll is a look at the rings and the run queue and one
    /// <see cref="SpinHint"/> (≈ 70 ns on the development VM); a clock read costs ≈ 100 ns there (vDSO
    /// <c>clock_gettime</c>, load 20). At 32 the clock is ≈ 4 % of the loop and the budget is checked every ≈ 2 µs, less
    /// than the shortest budget (≈ 3 µs). It was 8 with <c>Thread.SpinWait(1)</c> (125–227 ns a poll).
    /// </summary>
    private const int PollsPerClockRead = 32;

    /// <summary>
    /// The idle loop (lwkt: the idle thread + cpu_idle): answer a pull request, spin briefly watching the doorbell
    /// when that is likely to pay and allowed, then park on the doorbell with futex(2) until a sender rings it or the
    /// next timer is due. Runs only when the run queue is empty. See docs/cross-cpu.md.
    /// </summary>
    private void Idle()
    {
        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.OnIdle(this);
        Volatile.Write(ref _shared.IdleState, Resting);
        try
        {
            // A scan owed by the last spin (the step that would have paid it ran no thread): paid before any park, which
            // the doorbell alone would not end for an entry whose sender saw this CPU spinning.
            if (_core.RingScanOwed && PayRingScan())
            {
                return;
            }

            if (_shared.Doorbell.TakePull())
            {
                RequestWork();
            }

            if (SpinWhileIdle())
            {
                return;
            }

            Park();
        }
        finally
        {
            Volatile.Write(ref _shared.IdleState, Busy);
        }
    }

    /// <summary>
    /// True when something is waiting for this CPU: the doorbell, a runnable thread, a due timer, or sysport ring work
    /// (completions to reap, calls to submit).
    /// </summary>
    private bool HasIdleWork => HasMessageWork || (_core.TimerCount != 0 && TimerDue());

    /// <summary>As <see cref="HasIdleWork"/>, timers left out (a timed park waits for those with less CPU than a spin).</summary>
    private bool HasMessageWork => HasIncoming || !_core.RunQueue.IsEmpty
        || (_core.SysRing is SysPortRing ring && ring.WantsService(runQueueEmpty: true));

    /// <summary>
    /// Spins while idle, bounded three ways (Go: the nmspinning rule of findrunnable): never more spinning CPUs than
    /// busy ones (a spinner waits for a message that only a busy CPU can send), never longer than the adaptive
    /// budget, and — when a timer is due sooner than a timed park could end before it (<see cref="TimerEarlyWake"/>)
    /// — up to that timer instead. A timer further away is left to the park, which ends that early before it: spinning
    /// all the way to a timer 50 µs off cost a CPU's whole idle time on every short sleep. While another CPU whose bell
    /// rang is still coming out of its park, the budget counts from the last time it was seen waking (up to the
    /// maximum): that CPU is about to run what it was sent, and its answer, if any, comes after its wake-up (≈ 11 µs
    /// on the development VM), which a budget adapted down to a few µs never covers — two CPUs in conversation that
    /// both parked once went on parking, two futex hand-offs per round trip. Returns true when work showed up. The
    /// time spun is counted and traced.
    /// </summary>
    private bool SpinWhileIdle()
    {
        long max = _runtime.IdleSpinTicks;
        long start = Now;
        long budget = _core.SpinBudget;
        long timerAt = _core.TimerCount != 0 ? NextTimerDeadline : long.MaxValue;
        bool timerNear = timerAt - start <= (long)(_core.TimerEarlyWake.Nanoseconds * (Stopwatch.Frequency / 1e9));
        if (!timerNear && !WaitForSpinSlot(start, max / MinSpinDivisor))
        {
            return HasIdleWork;
        }

        Volatile.Write(ref _shared.IdleState, Spinning);
        long deadline = timerNear ? Math.Max(timerAt, start + budget) : start + budget;

        // Ask for work only once the CPU has stayed idle for a fifth of the budget: a message hand-off between two CPUs
        // leaves each idle for a moment every round trip, and a work request per round trip would double its IPIs.
        long askAt = start + (budget / 5);
        bool asked = false;
        bool work = false;
        long now = start;
        for (int i = 0; ; i++)
        {
            if (RingsHoldEntries() || HasIdleWork)
            {
                work = true;
                break;
            }

            SpinHint.Once();
            if ((i & (PollsPerClockRead - 1)) == PollsPerClockRead - 1)
            {
                now = Now;
                if (!asked && now >= askAt)
                {
                    asked = true;
                    RequestWork();
                }

                if (now - start > max / MinSpinDivisor && now - start < max && AnotherCpuWaking())
                {
                    // Its answer, if any, comes after its wake-up: a full budget from the last time it was seen waking.
                    // Looked at only past the shortest budget: a spin of a conversation between two running CPUs ends
                    // sooner, and needs no read of the other CPUs' doorbell lines.
                    deadline = Math.Max(deadline, Math.Min(now + budget, start + max));
                }

                if (now > deadline)
                {
                    break;
                }
            }
        }

        // Senders that read Spinning did not ring (VirtualCpu.WatchesRings): with the state written, a full fence, then one
        // more look at the slots, so an entry published before a sender's read of Spinning is run (Dekker). From then on
        // every sender rings, and the park's doorbell protocol covers the rest.
        Volatile.Write(ref _shared.IdleState, Resting);
        if (work)
        {
            // Work found: the entries run now and the fence and last look are owed (CpuCore.RingScanOwed), paid at the
            // step after the thread they woke. The fence here waited for the state's store and the handlers' stores to
            // the message's line, both lines the sender holds (it read the state, it wrote the message): one line
            // transfer in series before the woken thread ran, on both sides of a round trip. Paid later, the stores are
            // long done and the fence costs nothing; an entry published in the window waits for the woken thread's run
            // at most, as an entry that finds the bell deferred does (docs/cross-cpu.md).
            RanPolledIpis();
            _core.RingScanOwed = true;
        }
        else
        {
            Interlocked.MemoryBarrier();
            work = RanPolledIpis();
        }

        // A spin ended only by a timer that was further away than the early wake did not pay: the park would have served
        // that timer for less CPU. Counted as paid, it kept the budget at its maximum, and a CPU whose partner was busy
        // spun through every short sleep.
        bool paid = work && (timerNear || HasMessageWork);
        long spun = Now - start;
        _core.SpinTicks += spun;
        if (paid)
        {
            _core.SpinsPaid++;
            _core.SpinBudget = Math.Min(max, budget * 2);
        }
        else
        {
            _core.SpinsWasted++;
            _core.SpinBudget = Math.Max(max / MinSpinDivisor, budget / 2);
        }

        if (LwktEventSource.SchedulerOn) LwktEventSource.Log.IdleSpin(Id, ToNanoseconds(spun), paid);
        return work;
    }

    /// <summary>
    /// The idle spin's look at its incoming rings (one read of the next slot's stamp per ring, a line the entry brings
    /// anyway): runs what they hold and returns true, leaving the doorbell rung for the step after the next thread
    /// (<see cref="CpuCore.DeferIpis"/>). The sender writes the slot before it rings, so the spinner sees the entry
    /// first; answering the bell first cost the receiver two coherence misses in series before the woken thread ran
    /// (reading the word the sender has just written, then the atomic AND), and a sender that finds the bell still
    /// rung skips its own atomic. Nothing is lost by the delay: an entry published meanwhile finds the bell rung and
    /// is run when the bell is answered — at the next step, at a preemption point, or before a park, which a rung bell
    /// refuses (docs/cross-cpu.md).
    /// </summary>
    private bool RanPolledIpis()
    {
        int ran = DrainRings();
        if (ran == 0)
        {
            return false;
        }

        _core.IpisPolled += ran;
        _core.DeferIpis = true;
        return true;
    }

    /// <summary>
    /// The running thread <paramref name="td"/> is about to block for a message that another CPU will send: the reply to
    /// <paramref name="reply"/> (a send-and-wait whose reply port is its own thread port, so the reply comes by IPI to this
    /// CPU), or a put to <paramref name="port"/> (a receive from a spin port with nothing queued). While nothing else is
    /// runnable here, the thread waits in place instead of switching out into the idle loop: it polls this CPU's incoming
    /// ring slots and runs what they hold right there, as a preemption point of the running thread would (lwkt: splz),
    /// and returns true as soon as its message is there — the reply done (its handler ran here), or the port's queue
    /// non-empty (a racy look; the caller takes the port's gate and looks again). False: it waited nothing or gave up;
    /// the caller blocks as before, and the message cannot be lost either way (the caller checks again under the
    /// port's own rules). Only a pinned thread waits in place (wake
    /// affinity moves a migratable one on its cross-CPU wakes). The idle loop's rules bound it: only outside critical sections and with no tokens held, never
    /// in the deterministic mode nor with one CPU, only while the spin rule allows a spinner (fewer spinners than busy
    /// CPUs, with its grace), and within the adaptive spin budget. It stops at once, returning false, when a handler it
    /// ran made a thread runnable (that thread must get the CPU), when the doorbell rings (the next step answers it),
    /// a timer is due or the sysport ring wants service. While it waits the CPU publishes Spinning, so senders skip its
    /// bell (<see cref="WatchesRings"/>); when it stops, it publishes Busy and owes the fence and last look
    /// (<see cref="CpuCore.RingScanOwed"/>), as the idle spin does. Caller: <paramref name="td"/>, running on this CPU.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool WaitInPlace(LwktThread td, Message? reply, SpinPort? port) =>
        td.IsPinned && _core.RunQueue.IsEmpty && WaitInPlaceSlow(td, reply, port);

    /// <summary><see cref="WaitInPlace"/> past its inlined first checks (a pinned thread, nothing queued).</summary>
    private bool WaitInPlaceSlow(LwktThread td, Message? reply, SpinPort? port)
    {
        // Pinned threads only: a migratable thread's cross-CPU wakes are what wake affinity counts to bring a conversation
        // onto one CPU (VirtualCpu.MovesTowardWaker), and a wait in place has none.
        if (_runtime.IsDeterministic || _runtime.CpuCount == 1 || td._critCount != 0 || td._tokCount != 0
            || _core.HandOff is not null)
        {
            return false;
        }

        // The spin rule is checked as the wait goes, not before it starts: in a conversation the other CPU is often still
        // spinning when this one starts to wait, and turns busy on the message this thread has just sent. A wait the rule
        // does not allow gets the grace (the shortest budget), as the idle loop's spin does (WaitForSpinSlot), then
        // gives up. The budget counts from the first clock read, 32 polls in: no clock read on the way in.
        long max = _runtime.IdleSpinTicks;
        bool allowed = MaySpin();
        long graceEnd = 0;
        long budget = _core.SpinBudget;
        long deadline = 0;
        Volatile.Write(ref _shared.IdleState, Spinning);
        _core.MayHandOff = false;
        bool found = false;
        for (int i = 0; ; i++)
        {
            if (port is not null && port.HasQueued)
            {
                found = true;
                break;
            }

            // The doorbell (a sender that saw this CPU busy) is answered here, as at a preemption point; entries found in
            // the slots run without answering it, as in the idle spin (the next step answers a bell left rung).
            bool ran = true;
            if (IpiPending)
            {
                ProcessIpis();
            }
            else if (RingsHoldEntries())
            {
                _core.IpisPolled += DrainRings();
            }
            else
            {
                ran = false;
            }

            if (ran)
            {
                if (reply is not null && (reply._flags & (int)MessageFlags.Done) != 0)
                {
                    found = true;
                    break;
                }

                // A thread the handlers made runnable gets the CPU: the caller blocks, and the next step runs it.
                if (!_core.RunQueue.IsEmpty && !PlantedBugs.InPlaceWaitIgnoresRunnable)
                {
                    break;
                }
            }
            else if ((_core.TimerCount != 0 && TimerDue()) || _shared.Doorbell.HasWake
                || (_core.SysRing is SysPortRing ring && ring.WantsService(runQueueEmpty: true)))
            {
                // A due timer, a pull request, the sysport ring: the idle loop's work, left to it.
                break;
            }
            else
            {
                SpinHint.Once();
            }

            if ((i & (PollsPerClockRead - 1)) == PollsPerClockRead - 1)
            {
                long now = Now;
                if (deadline == 0)
                {
                    deadline = now + budget;
                    graceEnd = now + (max / MinSpinDivisor);
                }
                else if (now > deadline)
                {
                    break;
                }

                if (!allowed && !(allowed = MaySpin()) && now > graceEnd)
                {
                    break;
                }
            }
        }

        _core.MayHandOff = true;
        Volatile.Write(ref _shared.IdleState, Busy);
        if (!PlantedBugs.InPlaceWaitSkipsRingScan)
        {
            _core.RingScanOwed = true;
        }

        if (found)
        {
            // Threads the same handlers made runnable are queued, as at a preemption point; one of a higher priority
            // preempts this thread at its next preemption point (lwkt: need_lwkt_resched).
            if (_core.RunQueue.HighestPriority > td.PriorityLevel)
            {
                _core.ReschedRequested = true;
            }

            _core.InPlaceWaits++;
            _core.SpinBudget = Math.Min(max, budget * 2);
        }
        else
        {
            _core.SpinBudget = Math.Max(max / MinSpinDivisor, budget / 2);
        }

        return found;
    }

    /// <summary>True while this CPU spins watching its ring slots: its idle spin, or a thread waiting in place (racy: a hint).</summary>
    internal bool IsSpinning => Volatile.Read(ref _shared.IdleState) == Spinning;

    /// <summary>Waits in place that found their message (<see cref="WaitInPlace"/>; racy from another thread).</summary>
    internal long InPlaceWaits => Volatile.Read(ref _core.InPlaceWaits);

    /// <summary>
    /// Waits up to <paramref name="grace"/> ticks for the spin rule to allow this CPU to spin (fewer spinners than busy
    /// CPUs). The grace covers a spinner that has seen its message and is about to turn busy. False: park instead.
    /// </summary>
    private bool WaitForSpinSlot(long start, long grace)
    {
        if (_runtime.CpuCount == 1)
        {
            // No other CPU can send a message, nor turn busy: the grace could only be wasted.
            return false;
        }

        for (int i = 0; ; i++)
        {
            if (MaySpin())
            {
                return true;
            }

            if (HasIdleWork || ((i & 7) == 7 && Now - start > grace))
            {
                return false;
            }

            Thread.SpinWait(1);
        }
    }

    /// <summary>
    /// True when the other CPUs have more busy than spinning members (racy reads of their idle state and doorbell). A
    /// CPU whose doorbell has rung counts as busy whatever its idle state: work is queued for it, so it is about to turn
    /// busy — parked and being woken, or spinning and about to see it. Counted by idle state alone, a CPU that had just
    /// woken its parked partner saw no busy CPU and parked too; the partner's reply then had to wake it, and a two-CPU
    /// conversation stayed in that mode, two futex hand-offs per round trip, until a wake happened to land within the
    /// grace (pingpong 2 cores cross: a p99 of 50–80 µs against a p50 of 0.95 µs).
    /// </summary>
    private bool MaySpin()
    {
        int busy = 0, spinning = 0;
        for (int i = 0; i < _runtime.CpuCount; i++)
        {
            // Indexed, not foreach over Cpus: enumerating the IReadOnlyList allocates, and this runs in a spin loop.
            VirtualCpu cpu = _runtime.CpuAt(i);
            if (cpu != this)
            {
                int state = Volatile.Read(ref cpu._shared.IdleState);
                bool rung = cpu._shared.Doorbell.IsRung;
                busy += (state == Busy) | rung ? 1 : 0;
                spinning += (state == Spinning) & !rung ? 1 : 0;
            }
        }

        return spinning < busy;
    }

    /// <summary>
    /// Parks on the doorbell until it rings or the next timer is (almost) due. The last look at the timers and at
    /// shutdown happens after the CPU counts itself parked and before <see cref="Doorbell.Park"/> sets its bit; the
    /// doorbell covers everything else (docs/cross-cpu.md: no lost wakeup).
    /// </summary>
    private void Park()
    {
        _runtime.AddSleeper(1);
        try
        {
            if (HasIdleWork || (_runtime.IsStopping && _runtime.LiveThreads == 0))
            {
                return;
            }

            // A CPU that queued a second thread before our count went up did not ask us to pull: look once ourselves.
            if (Volatile.Read(ref _shared.AwaitingWork) == 0 && AnotherCpuHasSpare())
            {
                RequestWork();
                return;
            }

            long timeoutNs = -1;
            if (_core.TimerCount != 0)
            {
                timeoutNs = ToNanoseconds(NextTimerDeadline - Now) - _core.TimerEarlyWake.Nanoseconds;
                if (timeoutNs <= 0)
                {
                    return;
                }
            }

            _core.IdleSleeps++;
            long parkedAt = Now;

            // With a sysport ring, one wait covers the doorbell, the calls in flight and the timer (an io_uring
            // FUTEX_WAIT on the doorbell word); otherwise futex(2) on the word.
            _shared.Doorbell.Park(timeoutNs, _core.SysRing, parkedAt + (long)(timeoutNs * (Stopwatch.Frequency / 1e9)));
            long woke = Now;
            if (_shared.Doorbell.HasWake)
            {
                if (woke - parkedAt <= _runtime.IdleSpinTicks)
                {
                    // Rung within what a full spin would have covered: spinning would have paid.
                    _core.SpinBudget = Math.Min(_runtime.IdleSpinTicks, _core.SpinBudget * 2);
                }
            }
            else if (timeoutNs > 0)
            {
                // Not rung: how late it woke past its timeout is what the next early wake must cover (a completion
                // that ended the wait before the timeout is no lateness; Observe ignores it).
                _core.TimerEarlyWake.Observe(ToNanoseconds(woke - parkedAt) - timeoutNs);
            }
        }
        finally
        {
            _runtime.AddSleeper(-1);
        }
    }

    /// <summary>True when another CPU's bell rang while it is still parked: it is waking up (racy reads: a hint).</summary>
    private bool AnotherCpuWaking()
    {
        for (int i = 0; i < _runtime.CpuCount; i++)
        {
            VirtualCpu cpu = _runtime.CpuAt(i);
            if (cpu != this && (cpu._shared.Doorbell.Value & (Doorbell.Rung | Doorbell.Parked)) == (Doorbell.Rung | Doorbell.Parked))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when another CPU has at least two runnable threads (racy reads: a hint).</summary>
    private bool AnotherCpuHasSpare()
    {
        for (int i = 0; i < _runtime.CpuCount; i++)
        {
            VirtualCpu cpu = _runtime.CpuAt(i);
            if (cpu != this && cpu.MovableCount >= 2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Asks this CPU to request work (it has nothing queued). Any thread. A park that its own timer ends within a full
    /// idle spin is left to end: the pull waits no longer than a spin would, and the futex wake plus the CPU's wake-up
    /// and its futile pull cost more than the pull gains (sleep, 2 cores, 4 threads of 50 µs sleeps: a wake per timer
    /// batch; without them 15.3 instead of 19.2 µs of CPU per sleep, 28 instead of 61 µs of overshoot, loaded machine).
    /// </summary>
    internal void AskToPull() => _shared.Doorbell.AskToPull(Now + _runtime.IdleSpinTicks);

    /// <summary>True when this CPU is parked in the kernel.</summary>
    internal bool IsSleeping => _shared.Doorbell.IsParked;

    /// <summary>True when this CPU is in its idle loop and not spinning: parked, or deciding to park (racy: a hint).</summary>
    internal bool IsIdle => Volatile.Read(ref _shared.IdleState) == Resting;

    private static long ToNanoseconds(long ticks) => (long)(ticks * (1e9 / Stopwatch.Frequency));

    /// <summary>
    /// Work distribution, the seed's "ipi another rfork asking for runnable threads" that libcaps never built: an idle
    /// CPU sends a work request to the CPU with the most queued threads, which answers at its next IPI check — a
    /// preemption point of its running thread or its next switch (lwkt: no stealing behind the owner's back).
    /// </summary>
    private void RequestWork()
    {
        // One request outstanding at a time: repeated requests would only fill the busy CPU's ring.
        if (Volatile.Read(ref _shared.AwaitingWork) != 0 || _runtime.IsStopping)
        {
            return;
        }

        VirtualCpu? busiest = null;
        int most = 0;
        for (int i = 0; i < _runtime.CpuCount; i++)
        {
            VirtualCpu cpu = _runtime.CpuAt(i);
            int n = cpu.MovableCount;
            if (cpu != this && n > most)
            {
                most = n;
                busiest = cpu;
            }
        }

        if (busiest is not null)
        {
            _core.WorkRequests++;
            if (LwktEventSource.SchedulerOn) LwktEventSource.Log.WorkRequest(Id, busiest.Id, most);
            Volatile.Write(ref _shared.AwaitingWork, 1);
            SendIpi(busiest, s_workRequest, this, 0);
        }
    }

    /// <summary>
    /// IPI handler on a busy CPU: give about half of the queued, unpinned threads to the idle requester. Queued threads
    /// hold no tokens (they were released at switch-out), so they move freely; the requester's scheduler takes their
    /// tokens again before running them. May run at a preemption point of the running thread, which is not queued and
    /// so never moves.
    /// </summary>
    private static readonly Action<object?, long> s_workRequest = static (arg, _) =>
    {
        VirtualCpu me = Mine;
        var requester = (VirtualCpu)arg!;
        Volatile.Write(ref requester._shared.AwaitingWork, 0);
        int give = Math.Min((me._core.RunQueue.MovableCount + 1) / 2, MaxGiveAway);
        if (give < 1)
        {
            return;
        }

        for (int i = 0; i < give; i++)
        {
            LwktThread? td = me._core.RunQueue.PeekMigratable();
            if (td is null)
            {
                break;
            }

            me._core.RunQueue.Remove(td);
            me.GiveAway(td, requester);
        }

        me._shared.MovableCount = me._core.RunQueue.MovableCount;
    };
}
