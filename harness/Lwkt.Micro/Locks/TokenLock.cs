using Lwkt.Micro.RwLocks;
using Lwkt.Runtime;

namespace Lwkt.Micro.Locks;

/// <summary>lwkt: an exclusive token (lwkt_gettoken / lwkt_trytoken / lwkt_reltoken) in an LWKT thread on one CPU.</summary>
[BenchmarkCategory(MicroCategories.Lwkt)]
public class TokenLock : ExclusiveLockBenchmarks<TokenLock.Operations>
{
    /// <summary>
    /// The token's operations, for both families: <see cref="TokenRw"/> takes the same token exclusive or shared
    /// (lwkt_gettoken_shared); one lwkt_reltoken releases either.
    /// </summary>
    public readonly struct Operations(Token token) : IExclusiveLockOperations, IRwLockOperations, ILockUnderTest<Operations>
    {
        /// <summary>One virtual CPU: the loop runs in an LWKT thread on it.</summary>
        public static int LwktCpus => 1;

        /// <inheritdoc/>
        public static Operations Create() => new(new Token("micro"));

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
    }
}
