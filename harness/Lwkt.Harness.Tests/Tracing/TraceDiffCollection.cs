namespace Lwkt.Harness.Tests.Tracing;

/// <summary>The tests that share the diff runs (and so run one after the other).</summary>
[CollectionDefinition(Name)]
public sealed class TraceDiffCollection : ICollectionFixture<TraceDiffFixture>
{
    public const string Name = "trace diff runs";
}
