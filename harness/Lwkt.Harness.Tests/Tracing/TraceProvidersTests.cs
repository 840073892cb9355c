using Microsoft.Diagnostics.NETCore.Client;

namespace Lwkt.Harness.Tests.Tracing;

public sealed class TraceProvidersTests
{
    [Fact]
    public void Runtime_enables_clr_contention_gc_and_thread_pool()
    {
        EventPipeProvider clr = Assert.Single(TraceProviders.For(TraceProfile.Runtime));

        Assert.Equal(TraceProviders.ClrProvider, clr.Name);
        Assert.Equal(0x4000, clr.Keywords & 0x4000);
        Assert.Equal(0x1, clr.Keywords & 0x1);
        Assert.Equal(0x10000, clr.Keywords & 0x10000);
    }

    [Fact]
    public void Lwkt_enables_the_runtime_and_baseline_providers_without_stacks()
    {
        string[] names = [.. TraceProviders.For(TraceProfile.Lwkt).Select(p => p.Name)];

        Assert.Equal([TraceProviders.LwktProvider, TraceProviders.BaselinesProvider], names);
        Assert.False(TraceProviders.WantsStacks(TraceProfile.Lwkt));
    }

    [Fact]
    public void Cpu_enables_the_sample_profiler_and_full_enables_everything()
    {
        Assert.Contains(TraceProviders.For(TraceProfile.Cpu), p => p.Name == TraceProviders.SampleProfilerProvider);
        var full = TraceProviders.For(TraceProfile.Full).Select(p => p.Name).ToHashSet();
        Assert.Equal(
            new HashSet<string> { TraceProviders.ClrProvider, TraceProviders.SampleProfilerProvider, TraceProviders.LwktProvider, TraceProviders.BaselinesProvider },
            full);
        Assert.Empty(TraceProviders.For(TraceProfile.Off));
    }
}
