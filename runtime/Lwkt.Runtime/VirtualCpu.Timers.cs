using System.Diagnostics;
using Lwkt.Runtime.Messaging;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>Converts a duration to <see cref="Stopwatch"/> ticks.</summary>
    internal static long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    private SysPortTimers? _sysTimers;

    /// <summary>The sysport sleeps this CPU's timers serve (created on first use). Worker only.</summary>
    internal SysPortTimers SysTimers => _sysTimers ??= new SysPortTimers(this);

    /// <summary>Sysport sleeps this CPU's timers replied (any thread; racy).</summary>
    internal long SysTimersCompleted => Volatile.Read(ref _sysTimers)?.Completed ?? 0;

    private long NextTimerDeadline => _core.Timers.TryPeek(out _, out long deadline) ? deadline : long.MaxValue;

    private bool TimerDue() => NextTimerDeadline <= Now;

    /// <summary>The earliest pending timer (deterministic driver, to jump the virtual clock when all CPUs idle).</summary>
    internal long NextTimerDeadlineForDriver => _core.TimerCount == 0 ? long.MaxValue : NextTimerDeadline;

    /// <summary>
    /// Arms a timer that wakes <paramref name="td"/> from blocking point <paramref name="version"/> with
    /// <see cref="LwktThread.TimedOutResult"/> at <paramref name="deadline"/>. When <paramref name="onExpire"/> is given
    /// it decides instead (a sleep queue removes the thread first, so a wakeup and a timeout are reported once).
    /// Caller: this CPU's worker, for a thread it owns.
    /// </summary>
    internal void AddTimer(LwktThread td, int version, long deadline, Action<object, int>? onExpire)
    {
        Debug.Assert(td._cpu == this, $"cpu{Id} arms a timer for thread {td.Id} of cpu{td._cpu.Id}");
        AddCallout(td, version, deadline, onExpire);
    }

    /// <summary>
    /// Arms a timer that calls <paramref name="onExpire"/>(<paramref name="target"/>, <paramref name="version"/>) on this
    /// CPU at <paramref name="deadline"/> (lwkt: callout_reset on the current CPU); a null <paramref name="onExpire"/>
    /// wakes the thread <paramref name="target"/>. Caller: this CPU's worker.
    /// </summary>
    internal void AddCallout(object target, int version, long deadline, Action<object, int>? onExpire)
    {
        Invariants.OnWorker(this);
        _core.Timers.Enqueue(new TimerEntry(target, version, onExpire), deadline);
        _core.TimerCount++;
    }

    /// <summary>At worker exit: the sysport sleeps still armed here are replied Aborted (the runtime is going away).</summary>
    private void AbortSysPortSleeps()
    {
        if (_sysTimers is { Pending: > 0 } timers)
        {
            timers.Shutdown(_core.Timers.UnorderedItems.Select(static e => (e.Element.Target, e.Element.Version)));
        }
    }

    private void RunDueTimers()
    {
        Invariants.OnWorker(this);
        long now = Now;
        while (_core.Timers.TryPeek(out TimerEntry entry, out long deadline) && deadline <= now)
        {
            _core.Timers.Dequeue();
            _core.TimerCount--;
            Debug.Assert(_core.TimerCount == _core.Timers.Count, $"cpu{Id}: timer count {_core.TimerCount}, queue {_core.Timers.Count}");
            if (entry.OnExpire is { } onExpire)
            {
                onExpire(entry.Target, entry.Version);
            }
            else
            {
                ((LwktThread)entry.Target).Wake(entry.Version, LwktThread.TimedOutResult);
            }
        }
    }

    /// <summary>An armed timer (<see cref="CpuCore.Timers"/>): a thread to wake, or a target for its expiry callback.</summary>
    internal readonly record struct TimerEntry(object Target, int Version, Action<object, int>? OnExpire);
}
