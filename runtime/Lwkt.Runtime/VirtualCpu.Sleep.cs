using System.Diagnostics;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>Pushes <paramref name="td"/> (ours, running) onto slot <paramref name="slot"/>.</summary>
    internal void SleepPush(int slot, LwktThread td)
    {
        Invariants.OnWorker(this);
        Invariants.IsRunning(td);
        Debug.Assert(td._sleepQueued, $"thread {td.Id} pushed on a sleep bucket without being marked queued");
        LwktThread? head = _core.SleepHeads[slot];
        td._sleepPrev = null;
        td._sleepNext = head;
        if (head is not null)
        {
            head._sleepPrev = td;
        }

        _core.SleepHeads[slot] = td;
    }

    /// <summary>Unlinks <paramref name="td"/> from slot <paramref name="slot"/> and marks it no longer queued.</summary>
    internal void SleepUnlink(int slot, LwktThread td)
    {
        Invariants.OnWorker(this);
        Debug.Assert(td._sleepQueued, $"thread {td.Id} unlinked from a sleep bucket it is not on");
        LwktThread? prev = td._sleepPrev;
        LwktThread? next = td._sleepNext;
        if (prev is null)
        {
            _core.SleepHeads[slot] = next;
        }
        else
        {
            prev._sleepNext = next;
        }

        if (next is not null)
        {
            next._sleepPrev = prev;
        }

        td._sleepNext = null;
        td._sleepPrev = null;
        td._sleepQueued = false;
        if (_core.SleepHeads[slot] is null)
        {
            _runtime.ClearSleepers(slot, Id);
        }
    }

    /// <summary>
    /// Wakes this CPU's sleepers on <paramref name="ident"/> (all, or the first with <paramref name="one"/>). A sleeper
    /// that is the running thread itself (woken inside its interlock window) is only taken off the queue: its
    /// SleepAsync will return at once. Caller: this CPU's worker.
    /// </summary>
    internal int WakeupLocal(int slot, object ident, bool one)
    {
        Invariants.OnWorker(this);
        int woken = 0;
        for (LwktThread? td = _core.SleepHeads[slot]; td is not null;)
        {
            LwktThread? next = td._sleepNext;
            if (ReferenceEquals(td._sleepIdent, ident))
            {
                int version = td._sleepVersion;
                SleepUnlink(slot, td);
                woken++;
                if (td._state == ThreadState.Blocked)
                {
                    td.Wake(version, LwktThread.WokenResult);
                }

                if (one)
                {
                    break;
                }
            }

            td = next;
        }

        if (LwktEventSource.SleepOn) LwktEventSource.Log.OnWakeup(this, ident, woken, one);
        return woken;
    }
}
