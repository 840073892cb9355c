using System.Globalization;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// The control of a run, called every tick of the torture clock: the watchdog (every phase of every thread bounded by
/// <see cref="TortureOptions.WaitBound"/>; a wait whose event moved long ago is a lost wakeup), shuffle and stutter
/// timing, statistics lines with the progress check, and the end of the run. One caller at a time: an OS thread in a
/// real-time run, an LWKT thread on virtual time in a deterministic one.
/// </summary>
internal sealed class TortureControl(TortureContext ctx)
{
    private readonly long _durationMs = Ms(ctx.Options.Duration);
    private readonly long _statMs = Ms(ctx.Options.StatInterval);
    private readonly long _stutterMs = Ms(ctx.Options.Stutter);
    private readonly long _shuffleMs = Ms(ctx.Options.ShuffleInterval);
    private readonly long _boundMs = Ms(ctx.Options.WaitBound);
    private long _nextStat = Ms(ctx.Options.StatInterval);
    private long _nextShuffle = Ms(ctx.Options.ShuffleInterval);
    private long _nextStutter = Ms(ctx.Options.Stutter);
    private bool _watchdogFired;

    /// <summary>Stutter pauses so far.</summary>
    public int Stutters { get; private set; }

    /// <summary>True once the watchdog fired.</summary>
    public bool WatchdogFired => _watchdogFired;

    /// <summary>The shortest statistics interval whose lines also check that every thread made progress.</summary>
    public static readonly TimeSpan MinProgressInterval = TimeSpan.FromSeconds(2);

    private int _intervals;

    /// <summary>
    /// The progress check is meaningful only when an interval is long (a thread descheduled by a busy host for a moment
    /// is not stuck), much longer than a stutter pause (a quarter of <see cref="TortureOptions.Stutter"/>), and not the
    /// first one (which includes the JIT's warm-up).
    /// </summary>
    private bool CheckProgress => _intervals > 1 && _statMs >= (long)MinProgressInterval.TotalMilliseconds && _statMs > _stutterMs / 2;

    /// <summary>One tick at <paramref name="nowMs"/>. Returns false when the run must stop (time up, or a failure).</summary>
    public bool Tick(long nowMs)
    {
        if (ctx.Options.StopOnFailure && ctx.Failures.Count > 0)
        {
            return false;
        }

        if (Watchdog(nowMs))
        {
            return false;
        }

        if (_shuffleMs > 0 && nowMs >= _nextShuffle)
        {
            ctx.NextShuffle();
            _nextShuffle = nowMs + _shuffleMs;
        }

        if (_stutterMs > 0 && nowMs >= _nextStutter)
        {
            if (ctx.Stutter.Paused)
            {
                ctx.Stutter.Resume();
                _nextStutter = nowMs + _stutterMs;
            }
            else
            {
                ctx.Stutter.Pause();
                Stutters++;
                _nextStutter = nowMs + Math.Max(1, _stutterMs / 4);
            }
        }

        if (nowMs >= _durationMs)
        {
            // The final statistics follow the stop.
            return false;
        }

        if (nowMs >= _nextStat)
        {
            Stats(nowMs);
            _nextStat = nowMs + _statMs;
        }

        return true;
    }

    /// <summary>The final statistics and the stress summary.</summary>
    public void FinalStats(long nowMs)
    {
        TortureReport.PrintStats(ctx, nowMs);
        TortureReport.PrintStress(ctx, Stutters);
    }

    private void Stats(long nowMs)
    {
        TortureReport.PrintStats(ctx, nowMs);
        _intervals++;
        bool check = CheckProgress;
        foreach (TortureThread t in ctx.Threads)
        {
            long ops = Volatile.Read(ref t.Ops);
            if (check && ops == t.OpsAtLastCheck && t.Phase != TorturePhase.Done)
            {
                ctx.Fail(t.Group, string.Create(
                    CultureInfo.InvariantCulture,
                    $"progress: {t.Name} completed no operation in the last {TortureContext.Seconds(_statMs)} ({t.Phase} for {nowMs - t.PhaseSince} ms)"));
            }

            t.OpsAtLastCheck = ops;
        }
    }

    /// <summary>Fires once: reports every thread whose current phase exceeds the bound, then dumps every thread.</summary>
    private bool Watchdog(long nowMs)
    {
        if (_watchdogFired)
        {
            return true;
        }

        string? first = null;
        foreach (TortureThread t in ctx.Threads)
        {
            TorturePhase phase = t.Phase;
            long elapsed = nowMs - t.PhaseSince;
            if (phase == TorturePhase.Done || elapsed <= _boundMs)
            {
                continue;
            }

            string message = t.WaitEvent is { } evt && evt.Sequence != t.WaitSeen
                ? $"lost wakeup: {t.Name} still waits ({phase}) {elapsed} ms after its event moved from {t.WaitSeen} to {evt.Sequence} (bound {_boundMs} ms)"
                : $"watchdog: {t.Name} stuck in {phase} for {elapsed} ms (bound {_boundMs} ms)";
            ctx.Fail(t.Group, message);
            first ??= message;
        }

        if (first is null)
        {
            return false;
        }

        _watchdogFired = true;
        TortureReport.PrintDump(ctx, nowMs, first);
        return true;
    }

    /// <summary>Prints the dump for a failure found outside the tick (a hang at the end).</summary>
    public void Dump(long nowMs, string why)
    {
        _watchdogFired = true;
        TortureReport.PrintDump(ctx, nowMs, why);
    }

    private static long Ms(TimeSpan t) => (long)t.TotalMilliseconds;
}
