namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// A runtime's own counters, cumulative since the runtime was created; the host takes differences around each
/// measured iteration. Counters a runtime does not have stay zero and are written empty in the CSV.
/// </summary>
public readonly record struct RuntimeCounters(
    long Switches,
    long TokenCollisions,
    long Ipis,
    long Migrations,
    long FutexWaits,
    long FutexWakes)
{
    /// <summary>The difference <paramref name="after"/> minus <paramref name="before"/>.</summary>
    public static RuntimeCounters operator -(RuntimeCounters after, RuntimeCounters before) => new(
        after.Switches - before.Switches,
        after.TokenCollisions - before.TokenCollisions,
        after.Ipis - before.Ipis,
        after.Migrations - before.Migrations,
        after.FutexWaits - before.FutexWaits,
        after.FutexWakes - before.FutexWakes);

    /// <summary>Subtraction for languages without operators.</summary>
    public static RuntimeCounters Subtract(RuntimeCounters after, RuntimeCounters before) => after - before;
}
