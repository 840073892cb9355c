using Lwkt.Runtime;

namespace Lwkt.Micro.RwLocks;

/// <summary>lwkt: a token taken shared (lwkt_gettoken_shared) or exclusive, in an LWKT thread on one CPU.</summary>
[BenchmarkCategory(MicroCategories.Lwkt)]
public class TokenRw : RwLockBenchmarks<TokenRw.Operations>
{
    /// <inheritdoc/>
    protected override int LwktCpus => 1;

    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new Token("micro"));

    /// <summary>The token's operations.</summary>
    public readonly struct Operations(Token token) : IRwLockOperations
    {
        /// <inheritdoc/>
        public ValueTask AcquireSharedAsync() => token.AcquireSharedAsync();

        /// <inheritdoc/>
        public void ReleaseShared() => token.Release();

        /// <inheritdoc/>
        public ValueTask AcquireExclusiveAsync() => token.AcquireAsync();

        /// <inheritdoc/>
        public void ReleaseExclusive() => token.Release();
    }
}
