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

    /// <summary>
    /// On <paramref name="cpu"/>'s worker: both slots its window spans name it, unless another live worker (a runtime of
    /// a test running beside this one) claimed that slot first, which the table allows (first come; that worker's
    /// threads then use the thread-static read); and the lookup from the stack finds this CPU unless its slot is such
    /// a one. Under a CPU hog in <c>.ci/run</c> a parallel test's worker held one of the slots once.
    /// </summary>
    private static ValueTask ProbeAsync(VirtualCpu cpu)
    {
        Assert.Same(cpu, VirtualCpu.Current);
        VirtualCpu?[] table = Table(null);
        nuint top = cpu.StackTop;
        int slots = table.Length;
        int low = (int)((top - VirtualCpu.StackWindowBytes) / VirtualCpu.StackWindowBytes) & (slots - 1);
        int high = (int)((top - 1) / VirtualCpu.StackWindowBytes) & (slots - 1);
        AssertOwnOrHeldByAnotherLiveWorker(cpu, table[low]);
        AssertOwnOrHeldByAnotherLiveWorker(cpu, table[high]);
        if (table[low] == cpu && table[high] == cpu)
        {
            Assert.Same(cpu, VirtualCpu.OnWorkerStack());
        }
        else
        {
            Assert.True(VirtualCpu.OnWorkerStack() is null || VirtualCpu.OnWorkerStack() == cpu, "the stack lookup named another CPU");
        }

        return default;
    }

    private static void AssertOwnOrHeldByAnotherLiveWorker(VirtualCpu cpu, VirtualCpu? holder)
        => Assert.True(
            holder == cpu || (holder is not null && holder.StackTop != 0),
            $"cpu{cpu.Id}'s window slot holds {(holder is null ? "nothing" : $"a stopped cpu{holder.Id}")}");

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_byStack")]
    private static extern ref VirtualCpu?[] Table(VirtualCpu? unused);
}
