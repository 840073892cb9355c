using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Runtimes;

namespace Lwkt.Workloads.Tests.Contracts;

public sealed class OsLockContractTests : RuntimeContractTests
{
    protected override WorkloadRuntime Create(int cores) => new OsLockWorkloadRuntime(cores);
}
