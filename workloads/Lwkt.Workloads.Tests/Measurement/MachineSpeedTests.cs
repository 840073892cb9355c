using Lwkt.Baselines.Native;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests.Measurement;

/// <summary>The calibration probe: a plausible figure, and the calling thread's CPU set left as it was.</summary>
public sealed class MachineSpeedTests
{
    [Fact]
    public void A_probe_of_several_cpus_reads_each_and_gives_the_thread_its_cpu_set_back()
    {
        if (!ThreadAffinity.IsSupported)
        {
            return;
        }

        int[] allowed = ThreadAffinity.AllowedCpus();
        double nsPerStep = MachineSpeed.Probe(allowed);

        // A step is a multiply-add and an L1 load in a dependent chain: 4–6 cycles, so between 0.3 and 30 ns on any CPU.
        Assert.InRange(nsPerStep, 0.3, 30);
        Assert.Equal(allowed, ThreadAffinity.AllowedCpus());
    }
}
