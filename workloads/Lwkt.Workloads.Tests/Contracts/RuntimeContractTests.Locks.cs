using Lwkt.Testing;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Tests.Contracts;

public abstract partial class RuntimeContractTests
{
    [Fact]
    public void Lock_admits_one_thread_at_a_time_under_contention()
    {
        RtLock gate = Runtime.CreateLock("contended");
        const int Threads = 4, Iterations = 2_000;
        var probe = new ExclusionProbe();

        RunThreads(Threads, async index =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                // Mix both ways in: TryAcquire must exclude exactly as AcquireAsync does.
                if ((i + index) % 4 != 0 || !gate.TryAcquire())
                {
                    await gate.AcquireAsync();
                }

                probe.Exclusive();
                gate.Release();
            }
        });

        probe.AssertExcluded(Threads * Iterations);
    }

    [Fact]
    public void TryAcquire_takes_a_free_lock()
    {
        RtLock gate = Runtime.CreateLock("free");
        bool took = false;
        RunThreads(1, _ =>
        {
            took = gate.TryAcquire();
            if (took)
            {
                gate.Release();
            }

            return default;
        });

        Assert.True(took);
    }

    [Fact]
    public void Locks_get_distinct_ids_and_keep_their_names()
    {
        RtLock a = Runtime.CreateLock("a"), b = Runtime.CreateLock("b");
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal("a", a.Name);
    }
}
