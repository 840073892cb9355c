using System.Diagnostics;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>Timed waits of this CPU's threads, earliest deadline first. Only this CPU's worker touches it.</summary>
    private readonly PriorityQueue<TimerEntry, long> _timers = new();
    private int _timerCount;

    /// <summary>Converts a duration to <see cref="Stopwatch"/> ticks.</summary>
    internal static long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    private long NextTimerDeadline => _timers.TryPeek(out _, out long deadline) ? deadline : long.MaxValue;

    private bool TimerDue() => NextTimerDeadline <= Now;

    /// <summary>The earliest pending timer (deterministic driver, to jump the virtual clock when all CPUs idle).</summary>
    internal long NextTimerDeadlineForDriver => _timerCount == 0 ? long.MaxValue : NextTimerDeadline;

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
        _timers.Enqueue(new TimerEntry(td, version, onExpire), deadline);
        _timerCount++;
    }

    private void RunDueTimers()
    {
        Invariants.OnWorker(this);
        long now = Now;
        while (_timers.TryPeek(out TimerEntry entry, out long deadline) && deadline <= now)
        {
            _timers.Dequeue();
            _timerCount--;
            Debug.Assert(_timerCount == _timers.Count, $"cpu{Id}: timer count {_timerCount}, queue {_timers.Count}");
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

    private readonly record struct TimerEntry(LwktThread Thread, int Version, Action<LwktThread, int>? OnExpire);
}
