using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Tests;

/// <summary>
/// What a thread costs in memory while it waits: the spawn workload's memory cell parks a million of them, and the
/// thread object is the runtime's whole share of that (run queue, sleep queue and wait links go through the thread).
/// </summary>
public class ThreadFootprintTests
{
    /// <summary>
    /// The thread object's size: 184 bytes with the rare fields in their side object (240 before; 200 while the token
    /// contention state and a planted bug's flag were fields of the thread).
    /// </summary>
    private const long ThreadObjectBytes = 184;

    [Fact]
    public void A_thread_object_is_at_most_184_bytes()
    {
        Assert.True(AllocatedBy(() => RuntimeHelpers.GetUninitializedObject(typeof(LwktThread))) <= ThreadObjectBytes);
    }

    [Fact]
    public void A_parked_thread_costs_the_runtime_only_its_thread_object()
    {
        const int children = 4096;
        double perThread = 0;
        TestRuntime.Run(1, async rt =>
        {
            var handles = new LwktThread[children];
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < children; i++)
            {
                handles[i] = rt.Spawn(static _ => Block(), null, cpu: 0);
            }

            // One CPU, FIFO within a level: the root's yield runs every child to its blocking point first. The worker's
            // own allocation count: the root, its spawns and the children all run on this one OS thread.
            await LwktThread.YieldAsync();
            perThread = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)children;
            foreach (LwktThread td in handles)
            {
                td.Wake(td.WaitVersion, LwktThread.WokenResult);
                await td.JoinAsync();
            }
        });

        // The slack covers one-off allocations of the run (a few hundred bytes over 4096 threads), not a per-thread one.
        Assert.True(perThread <= ThreadObjectBytes + 8, $"{perThread:F1} bytes per parked thread");
    }

    /// <summary>The bare LWKT blocking point (no async method, whose box would be the body's cost, not the runtime's).</summary>
    private static ValueTask Block()
    {
        LwktThread td = LwktThread.Self;
        td._state = ThreadState.Blocked;
        return td.BlockPoint();
    }

    private static long AllocatedBy(Func<object> create)
    {
        GC.KeepAlive(create());
        long before = GC.GetAllocatedBytesForCurrentThread();
        object o = create();
        long after = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(o);
        return after - before;
    }
}
