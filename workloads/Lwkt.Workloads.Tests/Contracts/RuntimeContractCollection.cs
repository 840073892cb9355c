namespace Lwkt.Workloads.Tests.Contracts;

/// <summary>The contract suites of all runtimes run one after another (see <see cref="RuntimeContractTests"/>).</summary>
[CollectionDefinition(Name)]
public sealed class RuntimeContractCollection
{
    public const string Name = "runtime contracts";
}
