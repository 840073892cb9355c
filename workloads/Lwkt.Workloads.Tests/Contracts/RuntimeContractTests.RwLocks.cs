using Lwkt.Testing;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Tests.Contracts;

public abstract partial class RuntimeContractTests
{
    [Fact]
    public void Writers_exclude_everyone_and_readers_exclude_writers()
    {
        RtRwLock rw = Runtime.CreateRwLock("rw");
        const int Writers = 2, Readers = 3, Iterations = 1_000;
        var probe = new ExclusionProbe();

        RunThreads(Writers + Readers, async index =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                if (index < Writers)
                {
                    await rw.AcquireExclusiveAsync();
                    probe.Exclusive();
                    rw.ReleaseExclusive();
                }
                else
                {
                    await rw.AcquireSharedAsync();
                    probe.Shared();
                    rw.ReleaseShared();
                }
            }
        });

        probe.AssertExcluded(Writers * Iterations);
    }

    [Fact]
    public void Two_readers_hold_shared_access_at_once()
    {
        RtRwLock rw = Runtime.CreateRwLock("shared");
        int readersIn = 0;

        // Each reader stays in until the other has come in: readers that excluded each other would hang here.
        RunThreads(2, async _ =>
        {
            await rw.AcquireSharedAsync();
            Interlocked.Increment(ref readersIn);
            await YieldUntil(() => Volatile.Read(ref readersIn) == 2);
            rw.ReleaseShared();
        });

        Assert.Equal(2, readersIn);
    }
}
