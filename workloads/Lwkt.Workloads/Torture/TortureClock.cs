using System.Diagnostics;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// The torture's clock in milliseconds since the start: wall-clock time, or, in a deterministic run, the virtual time
/// the control thread advances with every LWKT timed sleep it completes (so a seed replays the same decisions).
/// </summary>
internal sealed class TortureClock
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly bool _virtual;
    private long _virtualMs;

    public TortureClock(bool isVirtual) => _virtual = isVirtual;

    /// <summary>Milliseconds since the start.</summary>
    public long NowMs => _virtual
        ? Volatile.Read(ref _virtualMs)
        : (Stopwatch.GetTimestamp() - _start) * 1000 / Stopwatch.Frequency;

    /// <summary>True when time is virtual.</summary>
    public bool IsVirtual => _virtual;

    /// <summary>Moves virtual time on. Caller: the deterministic control thread only.</summary>
    public void Advance(long ms) => Volatile.Write(ref _virtualMs, _virtualMs + ms);
}
