namespace Lwkt.Baselines.Tests;

/// <summary>
/// Tests that read the process-wide futex counters run alone, after every parallel test: a futex call from
/// any other test would show up in their differences.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FutexCountersCollection
{
    public const string Name = "futex counters";
}
