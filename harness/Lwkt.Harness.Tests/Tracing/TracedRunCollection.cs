namespace Lwkt.Harness.Tests.Tracing;

/// <summary>The tests that share the one traced run (and so run one after the other).</summary>
[CollectionDefinition(Name)]
public sealed class TracedRunCollection : ICollectionFixture<TracedRunFixture>
{
    public const string Name = "traced run";
}
