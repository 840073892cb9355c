using System.Diagnostics;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>Converts a duration to <see cref="Stopwatch"/> ticks.</summary>
    internal static long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

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
    internal void AddTimer(LwktThread td, int version, long deadline, Action<LwktThread, int>? onExpire)
    {
        Invariants.OnWorker(this);
        Debug.Assert(td._cpu == this, $"cpu{Id} arms a timer for thread {td.Id} of cpu{td._cpu.Id}");
        _core.Timers.Enqueue(new TimerEntry(td, version, onExpire), deadline);
        _core.TimerCount++;
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
                onExpire(entry.Thread, entry.Version);
            }
            else
            {
                entry.Thread.Wake(entry.Version, LwktThread.TimedOutResult);
            }
        }
    }

    /// <summary>An armed timer (<see cref="CpuCore.Timers"/>).</summary>
    internal readonly record struct TimerEntry(LwktThread Thread, int Version, Action<LwktThread, int>? OnExpire);
}
