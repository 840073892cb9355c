using Lwkt.Micro.Locks;

namespace Lwkt.Micro.RwLocks;

/// <summary>lwkt: a token taken shared (lwkt_gettoken_shared) or exclusive, in an LWKT thread on one CPU.</summary>
[BenchmarkCategory(MicroCategories.Lwkt)]
public class TokenRw : RwLockBenchmarks<TokenLock.Operations>;
