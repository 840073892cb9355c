namespace Lwkt.Runtime;

/// <summary>
/// How early a CPU's timed park ends before its next timer (the rest is spun, so timers keep microsecond accuracy),
/// adapted to how late this CPU's timed parks actually wake. Only the CPU's own worker touches it (it lives in
/// <see cref="CpuCore"/>). A fixed 20 µs early wake spun about 20 µs per timed park whatever the kernel's real wake-up
/// latency was; with it, <c>sleep</c> at 1 core (4 threads, 50 µs) cost more CPU per sleep than os-futex.
/// </summary>
/// <remarks>
/// The estimate is a decaying peak of the observed lateness: a later wake raises it at once (the next timer is not
/// missed twice), an earlier one lowers it by an eighth of the difference (one quick wake does not undo a slow one).
/// The early wake is the estimate plus <see cref="MarginNanoseconds"/>, within [<see cref="MinNanoseconds"/>,
/// <see cref="MaxNanoseconds"/>]: a park preempted for milliseconds on a loaded machine costs at most the former fixed
/// spin on the next park, never more.
/// </remarks>
internal struct TimerEarlyWake
{
    /// <summary>The largest early wake: the former fixed value (the futex hand-off on the development VM costs about 11 µs).</summary>
    public const long MaxNanoseconds = 20_000;

    /// <summary>The smallest early wake: the futex or io_uring wait's own return path, measured at about 1–2 µs.</summary>
    public const long MinNanoseconds = 2_000;

    /// <summary>Spun beyond the estimated lateness: covers a wake-up a little later than the recent peak.</summary>
    public const long MarginNanoseconds = 2_000;

    /// <summary>The decaying peak of observed lateness, in nanoseconds; starts at the most cautious value.</summary>
    private long _lateNs;

    /// <summary>A fresh estimate: the most cautious early wake until parks have been measured.</summary>
    public static TimerEarlyWake Initial => new() { _lateNs = MaxNanoseconds };

    /// <summary>How long before the next timer a timed park should end, in nanoseconds.</summary>
    public readonly long Nanoseconds => Math.Clamp(_lateNs + MarginNanoseconds, MinNanoseconds, MaxNanoseconds);

    /// <summary>
    /// Records a timed park that was not rung, <paramref name="lateNanoseconds"/> after the moment it asked to wake. A
    /// negative value is a wait that something else ended before its timeout (a sysport completion; kernel timers never
    /// fire early): it says nothing about the timer's lateness and is ignored. Parks ended by a doorbell are not
    /// recorded either.
    /// </summary>
    public void Observe(long lateNanoseconds)
    {
        if (lateNanoseconds < 0)
        {
            return;
        }

        long late = Math.Min(lateNanoseconds, MaxNanoseconds);
        _lateNs = late >= _lateNs ? late : _lateNs - ((_lateNs - late + 7) / 8); // rounded up: reaches the observed value
    }
}
