using Lwkt.Runtime;

namespace Lwkt.Micro.Locks;

/// <summary>lwkt: an exclusive token (lwkt_gettoken / lwkt_trytoken / lwkt_reltoken) in an LWKT thread on one CPU.</summary>
[BenchmarkCategory(MicroCategories.Lwkt)]
public class TokenLock : ExclusiveLockBenchmarks<TokenLock.Operations>
{
    /// <inheritdoc/>
    protected override int LwktCpus => 1;

    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new Token("micro"));

    /// <summary>The token's operations.</summary>
    public readonly struct Operations(Token token) : ILockOperations
    {
        /// <inheritdoc/>
        public ValueTask AcquireAsync() => token.AcquireAsync();

        /// <inheritdoc/>
        public bool TryAcquire() => token.TryAcquire();

        /// <inheritdoc/>
        public void Release() => token.Release();
    }
}
