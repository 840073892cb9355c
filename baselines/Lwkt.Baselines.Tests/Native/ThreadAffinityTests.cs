using Lwkt.Baselines.Native;

namespace Lwkt.Baselines.Tests.Native;

public class ThreadAffinityTests
{
    [Fact]
    public void The_allowed_set_is_ascending_and_not_empty()
    {
        int[] cpus = ThreadAffinity.AllowedCpus();
        Assert.NotEmpty(cpus);
        Assert.Equal(cpus.Order(), cpus);
    }

    [Fact]
    public void Pinning_restricts_the_calling_thread_to_one_cpu_and_no_other_thread()
    {
        int[] allowed = ThreadAffinity.AllowedCpus();
        int target = allowed[^1];
        int[]? pinned = null;

        TestThreads.Run(1, _ =>
        {
            ThreadAffinity.PinCurrentThread(target);
            pinned = ThreadAffinity.AllowedCpus();
        });

        Assert.Equal([target], pinned!);
        Assert.Equal(allowed, ThreadAffinity.AllowedCpus());
    }
}
