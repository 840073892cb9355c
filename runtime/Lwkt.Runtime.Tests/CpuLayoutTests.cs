using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Tests;

/// <summary>
/// The split of a virtual CPU by who may touch it holds in memory, not only in the types: every word other CPUs read or
/// write (<see cref="CpuShared"/>) lies at least a cache line away from the owner's state (<see cref="CpuCore"/>) and
/// from the other remotely touched groups, as laid out by the runtime that runs the tests.
/// </summary>
public sealed class CpuLayoutTests
{
    private const int CacheLine = 64;

    [Fact]
    public void Remotely_touched_words_share_no_cache_line_with_the_owners_state_or_each_other()
    {
        using var runtime = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });
        VirtualCpu cpu = runtime.Cpus[0];
        ref CpuCore core = ref Core(cpu);
        ref CpuShared shared = ref Shared(cpu);
        ref byte origin = ref Unsafe.As<CpuCore, byte>(ref core);
        long coreEnd = Unsafe.SizeOf<CpuCore>();

        // Offsets from the start of the core part (negative: the shared part lies before it).
        long idle = Offset(ref origin, ref shared.IdleState);
        long runnable = Offset(ref origin, ref shared.MovableCount);
        long awaiting = Offset(ref origin, ref shared.AwaitingWork);
        long refs = Offset(ref origin, ref Unsafe.As<Doorbell, byte>(ref Unsafe.AsRef(in shared.Doorbell)));
        long runtimeRef = Offset(ref origin, ref Unsafe.As<LwktRuntime, byte>(ref Unsafe.AsRef(in shared.Runtime)));

        foreach ((string name, long at) in new[] { ("IdleState", idle), ("MovableCount", runnable), ("AwaitingWork", awaiting), ("Doorbell", refs), ("Runtime", runtimeRef) })
        {
            long gap = at >= coreEnd ? at - coreEnd : at < 0 ? -at - sizeof(long) : 0;
            Assert.True(gap >= CacheLine, $"{name} lies {gap} bytes from the owner's state (core: 0..{coreEnd}, {name}: {at})");
        }

        Assert.True(Math.Abs(idle - runnable) >= CacheLine, $"IdleState and MovableCount are {Math.Abs(idle - runnable)} bytes apart");
        Assert.True(Math.Abs(runnable - awaiting) >= CacheLine, $"MovableCount and AwaitingWork are {Math.Abs(runnable - awaiting)} bytes apart");
        Assert.True(Math.Abs(idle - awaiting) >= CacheLine, $"IdleState and AwaitingWork are {Math.Abs(idle - awaiting)} bytes apart");
        Assert.True(Math.Abs(refs - idle) >= CacheLine, $"the read-only references and IdleState are {Math.Abs(refs - idle)} bytes apart");
        Assert.True(Math.Abs(runtimeRef - idle) >= CacheLine, $"the runtime reference and IdleState are {Math.Abs(runtimeRef - idle)} bytes apart");
        Assert.Same(runtime, cpu.Runtime);
    }

    /// <summary>
    /// The worker's stack top is read by every CPU that checks a token last held on this one, and the owner writes its
    /// state (the current thread at every switch) all the time: they must not share a line, nor with the shared words.
    /// </summary>
    [Fact]
    public void The_worker_stack_top_shares_no_cache_line_with_the_owners_state_or_the_shared_words()
    {
        using var runtime = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });
        VirtualCpu cpu = runtime.Cpus[0];
        ref CpuShared shared = ref Shared(cpu);
        ref byte origin = ref Unsafe.As<CpuCore, byte>(ref Core(cpu));
        long coreEnd = Unsafe.SizeOf<CpuCore>();
        long top = Offset(ref origin, ref Stack(cpu).Top);

        long gap = top >= coreEnd ? top - coreEnd : top < 0 ? -top - sizeof(long) : 0;
        Assert.True(gap >= CacheLine, $"the stack top lies {gap} bytes from the owner's state (core: 0..{coreEnd}, top: {top})");
        foreach ((string name, long at) in new[]
        {
            ("IdleState", Offset(ref origin, ref shared.IdleState)),
            ("MovableCount", Offset(ref origin, ref shared.MovableCount)),
            ("AwaitingWork", Offset(ref origin, ref shared.AwaitingWork)),
        })
        {
            Assert.True(Math.Abs(top - at) >= CacheLine, $"the stack top and {name} are {Math.Abs(top - at)} bytes apart");
        }
    }

    private static long Offset<T>(ref byte origin, ref T field) => Unsafe.ByteOffset(ref origin, ref Unsafe.As<T, byte>(ref field));

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_core")]
    private static extern ref CpuCore Core(VirtualCpu cpu);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_shared")]
    private static extern ref CpuShared Shared(VirtualCpu cpu);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_stack")]
    private static extern ref VirtualCpu.StackTopSlot Stack(VirtualCpu cpu);
}
