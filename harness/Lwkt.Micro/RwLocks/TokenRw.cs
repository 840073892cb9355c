using Lwkt.Micro.Locks;
using Lwkt.Runtime;

namespace Lwkt.Micro.RwLocks;

/// <summary>lwkt: a token taken shared (lwkt_gettoken_shared) or exclusive, in an LWKT thread on one CPU.</summary>
[BenchmarkCategory(MicroCategories.Lwkt)]
public class TokenRw : RwLockBenchmarks<TokenLock.Operations>
{
    /// <inheritdoc/>
    protected override int LwktCpus => 1;

    /// <inheritdoc/>
    protected override TokenLock.Operations CreateLock() => new(new Token("micro"));
}
