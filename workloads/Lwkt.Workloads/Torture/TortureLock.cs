namespace Lwkt.Workloads.Torture;

/// <summary>Which locks a torture run uses.</summary>
public enum TortureLock
{
    /// <summary>The runtime's own locks (the torture must end in SUCCESS).</summary>
    Normal,

    /// <summary>
    /// Locks that do nothing (locktorture's <c>lock_busted</c>): the positive control, which must end in FAILURE. It
    /// exists only in torture, never in a benchmark.
    /// </summary>
    Busted,
}
