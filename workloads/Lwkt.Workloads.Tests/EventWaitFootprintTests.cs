using Lwkt.Runtime;
using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Runtimes;

namespace Lwkt.Workloads.Tests;

/// <summary>
/// A thread parked on the lwkt adapter's event costs its LWKT thread, nothing per wait and no handle of the adapter's:
/// the spawn cell's memory figure (`spawn park=1`) parks a million children on one event. The wait was an async method,
/// whose pooled box (about 120 bytes) each parked waiter kept, and the handle an object of 24 bytes.
/// </summary>
public sealed class EventWaitFootprintTests
{
    /// <summary>
    /// The LWKT thread object (184 bytes, ThreadFootprintTests), with slack for the run's one-off allocations spread over
    /// the children (a few hundred bytes in all); a handle object is 24 bytes, an async box per wait over 100.
    /// </summary>
    private const double MaxBytesPerParkedChild = 184 + 8;

    [Fact]
    public void A_child_parked_on_the_lwkt_event_costs_only_its_thread()
    {
        const int children = 4096;
        using var adapter = new LwktWorkloadRuntime(1);
        RtEvent parked = adapter.CreateEvent();
        long seen = parked.Sequence;
        Func<ValueTask> body = () => parked.WaitAsync(seen);
        double perChild = double.NaN;
        bool allWaited = false;
        adapter.Runtime.Run(async () =>
        {
            var handles = new RtThread[children];
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < children; i++)
            {
                handles[i] = adapter.Spawn(body);
            }

            // One CPU, FIFO within a level: the root's yield runs every child into its wait first. Children and root run
            // on this one worker, so its allocation count is theirs.
            await LwktThread.YieldAsync();
            perChild = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)children;
            allWaited = parked.Sequence == seen;
            parked.WakeAll();
            foreach (RtThread handle in handles)
            {
                await handle.JoinAsync();
            }
        });

        Assert.True(allWaited, "the event moved while the children parked");
        Assert.True(perChild <= MaxBytesPerParkedChild, $"{perChild:F1} bytes per parked child");
    }
}
