using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Runtimes;

namespace Lwkt.Workloads.Tests.Contracts;

public sealed class LwktContractTests : RuntimeContractTests
{
    protected override WorkloadRuntime Create(int cores) => new LwktWorkloadRuntime(cores);
}
