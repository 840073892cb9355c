using System.Diagnostics;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>Failures to take a thread's token set before it is parked on the token instead of polled.</summary>
    private const int ParkAfterFailures = 3;

    /// <summary>Failures after which the set is taken in global (token id) order, as DragonFly does after 10.</summary>
    private const int SortAfterFailures = 2;

    /// <summary>
    /// Takes <paramref name="td"/>'s whole token set before it runs (lwkt_switch step 6). On failure the thread is
    /// requeued with exponential backoff a few times (DragonFly's polling), then parked on the token that failed, to be
    /// woken by its release, so waiting threads are not polled. Returns true when the thread may run.
    /// </summary>
    private bool TryTakeTokens(LwktThread td)
    {
        int failed = td.TakeAllTokens(sorted: td.Contended >= SortAfterFailures);
        if (td.TokenWoken)
        {
            td.TokenWakeRetried();
        }

        if (failed < 0)
        {
            if (LwktEventSource.TokensOn) LwktEventSource.Log.OnTokensTaken(td);
            td.Contended = 0;
            if (td.TokenWoken)
            {
                td.PassTokenWakeOn();
            }

            return true;
        }

        td.Contended++;
        ref TokenRef r = ref td._toks![failed];
        r.Token.CountCollision();
        if (LwktEventSource.TokensOn) LwktEventSource.Log.OnTokenWait(td, r.Token, r.Mode == TokenMode.Shared);
        if (td.Contended < ParkAfterFailures || !r.Token.Park(td, r.Mode == TokenMode.Shared))
        {
            // Back off a little: the holder runs on another CPU (a holder on this CPU has switched out and released).
            if (!_runtime.IsDeterministic)
            {
                Thread.SpinWait(1 << Math.Min(td.Contended, 4));
            }

            td._state = ThreadState.Runnable;
            EnqueueLocal(td);
        }

        return false;
    }

    /// <summary>
    /// Makes <paramref name="td"/>, woken from a token's waiter list, runnable at the head of its level (Go: a woken
    /// waiter goes to runnext). At the tail, behind every thread queued here, it tried again only after each of them
    /// had run (up to a slice, 1 ms, each): the release that woke it was long past, so it failed and parked again, and
    /// a token handed to it stayed held, unused, until it ran (counter, 2 cores, 64 threads, traced on a loaded
    /// machine: token waits of 9–108 ms on average, CPUs going idle with all their threads parked). With
    /// <paramref name="handed"/> the token is already its own: the running thread is asked to switch at its next
    /// preemption point, as Go's unlock in starvation mode yields to the waiter it hands the mutex to. Caller: this
    /// CPU's worker (the release, or the wake's IPI).
    /// </summary>
    internal void MakeRunnableFirst(LwktThread td, bool handed)
    {
        Invariants.OnWorker(this);
        Debug.Assert(td._cpu == this && td != _core.Current, $"cpu{Id} wakes thread {td.Id} of cpu{td._cpu.Id} (running: {_core.Current?.Id})");
        td._state = ThreadState.Runnable;
        _core.RunQueue.EnqueueHead(td);
        if (_core.Current is LwktThread current && (handed || td.PriorityLevel > current.PriorityLevel))
        {
            _core.ReschedRequested = true;
        }

        int count = _core.RunQueue.MovableCount;
        _shared.MovableCount = count;
        if (count >= 2 && _runtime.SleepingCpus != 0)
        {
            _runtime.WakeOneSleeper(this);
        }
    }

    /// <summary>Releases a switched-out thread's tokens (lwkt: lwkt_relalltokens in lwkt_switch).</summary>
    private static void ReleaseAllTokens(LwktThread td) => td.ReleaseAllTokens();
}
