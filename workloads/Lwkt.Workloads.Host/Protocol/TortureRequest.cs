namespace Lwkt.Workloads.Host.Protocol;

/// <summary>
/// <c>torture</c> mode's request: one JSON document on the host's stdin, for one runtime. Times are milliseconds;
/// null counts take the torture's defaults (2 writers and 1 reader per core).
/// </summary>
internal sealed record TortureRequest
{
    /// <summary>The runtime: a catalogue runtime or <c>busted</c>.</summary>
    public required string Runtime { get; init; }

    /// <summary><c>normal</c> (the runtime's locks; also when null) or <c>busted</c> (locks that do nothing).</summary>
    public string? Lock { get; init; }

    /// <summary>CPUs the runtime uses (the process is already pinned to that many).</summary>
    public required int Cores { get; init; }

    /// <summary>How long the stress runs (virtual time when deterministic).</summary>
    public required double DurationMs { get; init; }

    /// <summary>Seed of the stress threads' choices and, when deterministic, of the scheduler.</summary>
    public int Seed { get; init; }

    /// <summary>Period of the statistics lines.</summary>
    public required double StatIntervalMs { get; init; }

    /// <summary>Run lwkt deterministically on one OS thread.</summary>
    public bool Deterministic { get; init; }

    /// <summary>Writers on the exclusive lock, or null for the default.</summary>
    public int? Writers { get; init; }

    /// <summary>Readers on the reader/writer lock, or null for the default.</summary>
    public int? Readers { get; init; }

    /// <summary>Stutter period (run this long, pause a quarter of it); 0 turns it off.</summary>
    public double StutterMs { get; init; }

    /// <summary>Shuffle period; 0 turns it off.</summary>
    public double ShuffleIntervalMs { get; init; }

    /// <summary>The occasional long hold.</summary>
    public double LongHoldMs { get; init; }

    /// <summary>The watchdog's bound on any one wait.</summary>
    public required double WaitBoundMs { get; init; }
}
