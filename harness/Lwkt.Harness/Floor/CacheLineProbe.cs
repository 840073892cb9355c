using System.Diagnostics;
using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Floor;

/// <summary>
/// The machine's floor for a cross-CPU round trip (docs/targets.md): two OS threads, each pinned to one of two CPUs,
/// hand one cache line back and forth by spinning on it (<see cref="LineTransfer"/>, the same loop the child runs around
/// every iteration of a multi-CPU cell) — the first writes 1 and spins until it reads 0, the second spins until it
/// reads 1 and writes 0. Nothing a runtime does across CPUs can be cheaper than this line's two transfers. The run is
/// cut into many short timed batches and reported by their median and spread (<see cref="FloorResult"/>): a batch
/// during which the host gave either CPU to another process (a time slice is milliseconds, thousands of round trips)
/// is an outlier the median ignores, where one long timed run, or a mean over a few, takes it in whole.
/// </summary>
/// <remarks>
/// A fresh initiator thread is created and pinned per probe (the caller's own mask is left alone); it starts a
/// fresh responder, whose creation, pinning and wake-up lie before the start line, outside every timed batch. Both record the CPU they
/// ran their last round trip on, and the probe throws when either was not where pinned.
/// </remarks>
internal static class CacheLineProbe
{
    /// <summary>
    /// How long a probe may take before it ends with the batches completed: far above a quiet probe (25–90 ms with the
    /// default batches), so only CPUs held by other work for seconds reach it.
    /// </summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly Action<int> s_pin = cpu => ThreadAffinity.SetCurrentThread([cpu]);

    /// <summary>
    /// Measures <paramref name="batches"/> batches of <paramref name="roundTrips"/> round trips between
    /// <paramref name="initiatorCpu"/> and <paramref name="responderCpu"/>; returns nanoseconds per round trip of each.
    /// </summary>
    /// <exception cref="InvalidOperationException">A thread could not be pinned, ran elsewhere than pinned, or no batch completed by the deadline.</exception>
    public static FloorResult Measure(int initiatorCpu, int responderCpu, int batches, int roundTrips)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTrips, 1);
        ArgumentOutOfRangeException.ThrowIfEqual(initiatorCpu, responderCpu);
        double[] nsPerRoundTrip = new double[batches];
        int completed = 0;
        int[] ranOn = [-1, -1];
        Exception? failure = null;
        var initiator = new Thread(() =>
        {
            try
            {
                s_pin(initiatorCpu);
                long deadline = Stopwatch.GetTimestamp() + (long)(Deadline.TotalSeconds * Stopwatch.Frequency);
                using (var transfer = new LineTransfer(responderCpu, s_pin))
                {
                    completed = transfer.Run(nsPerRoundTrip, roundTrips, deadline);
                    ranOn[0] = CurrentCpu.Get();
                    transfer.Dispose();
                    ranOn[1] = transfer.ResponderRanOn;
                }
            }
            catch (InvalidOperationException e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "floor initiator",
        };
        initiator.Start();
        initiator.Join();

        if (failure is not null)
        {
            throw new InvalidOperationException($"the floor probe failed: {failure.Message}", failure);
        }

        if (completed == 0)
        {
            throw new InvalidOperationException($"the floor probe completed no batch in {Deadline.TotalSeconds:0} s (its CPUs held by other work)");
        }

        if (ranOn[0] != initiatorCpu || ranOn[1] != responderCpu)
        {
            throw new InvalidOperationException(
                $"the floor probe's threads ran on CPUs {ranOn[0]} and {ranOn[1]}, pinned to {initiatorCpu} and {responderCpu}");
        }

        return FloorResult.Of(initiatorCpu, responderCpu, roundTrips, nsPerRoundTrip[..completed]);
    }
}
