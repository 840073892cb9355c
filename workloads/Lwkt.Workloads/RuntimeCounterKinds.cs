namespace Lwkt.Workloads;

/// <summary>Which of <see cref="Abstractions.RuntimeCounters"/>' counters a runtime keeps.</summary>
[Flags]
internal enum RuntimeCounterKinds
{
    /// <summary>No counters.</summary>
    None = 0,

    /// <summary>Switches, token collisions, IPIs, migrations.</summary>
    Lwkt = 1,

    /// <summary>futex waits and wakes.</summary>
    Futex = 2,
}
