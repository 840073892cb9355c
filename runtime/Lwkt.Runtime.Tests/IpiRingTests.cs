namespace Lwkt.Runtime.Tests;

/// <summary>
/// The IPI ring (<see cref="IpiQueue"/>, docs/cross-cpu.md): the consumer learns of an entry from the slot's stamp,
/// never from the producer's index, and consumed slots are not cleared, so a slot keeps its last entry and its stamp
/// until the producer comes round again. Every entry must run once, in order, over many laps of the ring.
/// </summary>
public sealed class IpiRingTests
{
    /// <summary>
    /// Several laps of one ring, sent in bursts from 1 entry to past the full mark, each handler checking that its
    /// sequence number is the next one. A stamp that does not name the lap (a slot merely "used") makes the consumer run
    /// the previous lap's entry again as soon as the ring wraps.
    /// </summary>
    [Fact]
    public void Entries_run_once_and_in_order_over_many_laps_of_a_ring_whose_slots_are_never_cleared()
    {
        const int laps = 5;
        const long total = (laps * IpiQueue.Capacity) + 17;
        var received = new Received();
        TestRuntime.Run(2, async rt =>
        {
            VirtualCpu cpu1 = rt.Cpus[1];
            long sent = 0;
            int burst = 1;
            while (sent < total)
            {
                for (int i = 0; i < burst && sent < total; i++)
                {
                    VirtualCpu.Current!.SendIpi(cpu1, Received.s_onIpi, received, sent++);
                }

                // Bursts of 1, 2, 4 ... past the full mark (the sender drains and retries there), then again from 1.
                burst = burst > IpiQueue.FullAbove ? 1 : burst * 2;
                await LwktThread.YieldAsync();
            }

            long deadline = Environment.TickCount64 + (long)TestRuntime.Watchdog.TotalMilliseconds;
            while (Volatile.Read(ref received.Count) < total && Environment.TickCount64 < deadline)
            {
                await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(1));
            }

            // Entries run more than once would still be arriving: give them time to show.
            await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(20));
        });

        Assert.Null(received.FirstViolation);
        Assert.Equal(total, Volatile.Read(ref received.Count));
    }

    /// <summary>What the receiving CPU saw; written by its worker only.</summary>
    private sealed class Received
    {
        public static readonly Action<object?, long> s_onIpi = static (arg, sequence) =>
        {
            var received = (Received)arg!;
            if (sequence != received.Count && received.FirstViolation is null)
            {
                received.FirstViolation = $"entry {sequence} ran where {received.Count} was next";
            }

            Volatile.Write(ref received.Count, received.Count + 1);
        };

        public long Count;
        public string? FirstViolation;
    }
}
