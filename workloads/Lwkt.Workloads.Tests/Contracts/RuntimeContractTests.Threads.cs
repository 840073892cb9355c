using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Tests.Contracts;

public abstract partial class RuntimeContractTests
{
    [Fact]
    public void Spawned_threads_all_run_and_join()
    {
        const int Children = 8;
        int ran = 0;
        RunThreads(1, async _ =>
        {
            var children = new RtThread[Children];
            for (int i = 0; i < Children; i++)
            {
                children[i] = Runtime.Spawn(() =>
                {
                    Interlocked.Increment(ref ran);
                    return default;
                });
            }

            foreach (RtThread child in children)
            {
                await child.JoinAsync();
            }
        });

        Assert.Equal(Children, ran);
    }

    [Fact]
    public void Join_rethrows_the_exception_that_ended_a_spawned_thread()
    {
        Exception? caught = null;
        RunThreads(1, async _ =>
        {
            RtThread child = Runtime.Spawn(() => throw new InvalidOperationException("child failed"));
            try
            {
                await child.JoinAsync();
            }
            catch (InvalidOperationException e)
            {
                caught = e;
            }
        });

        Assert.Equal("child failed", caught?.Message);
    }

    [Fact]
    public void Run_waits_for_every_thread_then_rethrows_the_body_exception()
    {
        int finished = 0;
        var e = Assert.Throws<InvalidOperationException>(() => RunThreads(3, async index =>
        {
            if (index == 1)
            {
                throw new InvalidOperationException("body failed");
            }

            await Runtime.SleepAsync(2_000_000);
            Interlocked.Increment(ref finished);
        }));

        Assert.Equal("body failed", e.Message);
        Assert.Equal(2, finished);
    }

    [Fact]
    public void Run_with_placement_runs_every_thread()
    {
        const int Threads = 6;
        var ran = new int[Threads];
        RunThreads(Threads, index =>
        {
            ran[index]++;
            return default;
        }, index => index % Runtime.Cores);

        Assert.All(ran, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Yielding_threads_all_make_progress()
    {
        const int Threads = 3, Yields = 50;
        var progress = new int[Threads];
        RunThreads(Threads, async index =>
        {
            for (int i = 0; i < Yields; i++)
            {
                progress[index]++;
                await Runtime.YieldAsync();
                await Runtime.MaybeYieldAsync();
            }
        });

        Assert.All(progress, count => Assert.Equal(Yields, count));
    }
}
