using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Tests;

/// <summary>
/// The process-wide table of live workers' stack windows (<see cref="VirtualCpu.OnWorkerStack"/>): the lookup of the
/// running thread's CPU for operations that start from no object (<see cref="LwktThread.MaybeYieldAsync"/>), without
/// the thread-static read.
/// </summary>
public class WorkerStackTests
{
    /// <summary>
    /// With two runtimes alive at once, every worker finds its own CPU from its stack, both slots its window spans
    /// name it, a thread outside the runtimes finds none, and a stopped worker leaves no slot behind.
    /// </summary>
    [Fact]
    public void Every_live_worker_is_found_from_its_stack_and_a_stopped_one_is_forgotten()
    {
        var first = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2 });
        var second = new LwktRuntime(new LwktRuntimeOptions { Cpus = 2 });
        VirtualCpu[] cpus = [.. first.Cpus, .. second.Cpus];
        try
        {
            LwktThread[] probes = [.. cpus.Select(cpu => cpu.Runtime.Spawn(() => ProbeAsync(cpu), cpu.Id))];
            foreach (LwktThread probe in probes)
            {
                Assert.True(probe.Join(TestRuntime.Watchdog), "a probe thread hung");
            }

            Assert.Null(VirtualCpu.OnWorkerStack());
        }
        finally
        {
            TestRuntime.Shutdown(first);
            TestRuntime.Shutdown(second);
        }

        VirtualCpu?[] table = Table(null);
        foreach (VirtualCpu cpu in cpus)
        {
            Assert.DoesNotContain(cpu, table);
        }
    }

    /// <summary>
    /// A deterministic run driven on a live worker's stack (disposed from an LWKT thread) finds no CPU from the stack:
    /// the worker hides its window, so its preemption points use the deterministic CPU, not the live one.
    /// </summary>
    [Fact]
    public void A_deterministic_run_driven_on_a_worker_stack_finds_no_worker_from_it()
    {
        TestRuntime.Run(1, async _ =>
        {
            Assert.Same(VirtualCpu.Current, VirtualCpu.OnWorkerStack());
            VirtualCpu? found = VirtualCpu.Current;
            VirtualCpu? own = null;
            var det = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1, DeterministicSeed = 1 });
            det.Spawn(async () =>
            {
                own = VirtualCpu.Current;
                found = VirtualCpu.OnWorkerStack();
                await LwktThread.MaybeYieldAsync();
            });
            det.Dispose();
            Assert.Same(det.Cpus[0], own);
            Assert.Null(found);
            await LwktThread.MaybeYieldAsync();
        });
    }

    private static ValueTask ProbeAsync(VirtualCpu cpu)
    {
        Assert.Same(cpu, VirtualCpu.Current);
        Assert.Same(cpu, VirtualCpu.OnWorkerStack());
        VirtualCpu?[] table = Table(null);
        nuint top = cpu.StackTop;
        int slots = table.Length;
        Assert.Same(cpu, table[(int)((top - VirtualCpu.StackWindowBytes) / VirtualCpu.StackWindowBytes) & (slots - 1)]);
        Assert.Same(cpu, table[(int)((top - 1) / VirtualCpu.StackWindowBytes) & (slots - 1)]);
        return default;
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_byStack")]
    private static extern ref VirtualCpu?[] Table(VirtualCpu? unused);
}
