using Lwkt.Micro.RwLocks;
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

    /// <summary>
    /// The token's operations, for both families: <see cref="TokenRw"/> takes the same token shared
    /// (lwkt_gettoken_shared) or exclusive; one lwkt_reltoken releases either.
    /// </summary>
    public readonly struct Operations(Token token) : ILockOperations, IRwLockOperations
    {
        /// <inheritdoc/>
        public ValueTask AcquireAsync() => token.AcquireAsync();

        /// <inheritdoc/>
        public bool TryAcquire() => token.TryAcquire();

        /// <inheritdoc/>
        public void Release() => token.Release();

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
