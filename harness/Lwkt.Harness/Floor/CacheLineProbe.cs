using System.Diagnostics;
using System.Runtime.InteropServices;
using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Floor;

/// <summary>
/// The machine's floor for a cross-CPU round trip (docs/targets.md): two OS threads, each pinned to one of two CPUs,
/// hand one cache line back and forth by spinning on it — the first writes 1 and spins until it reads 0, the second
/// spins until it reads 1 and writes 0. Nothing a runtime does across CPUs can be cheaper than this line's two
/// transfers. The run is cut into many short timed batches and reported by their median and spread
/// (<see cref="FloorResult"/>): a batch during which the host gave either CPU to another process (a time slice is
/// milliseconds, thousands of round trips) is an outlier the median ignores, where one long timed run, or a mean over
/// a few, takes it in whole.
/// </summary>
/// <remarks>
/// Both threads are created, pinned and checked (each records the CPU it ran its last round trip on) per probe, and
/// meet on a start line before the first batch, so thread creation and pinning are outside every timed batch. The
/// responder never times anything: it answers every round trip of every batch in one loop, the initiator times each
/// batch with the monotonic clock.
/// </remarks>
internal static unsafe partial class CacheLineProbe
{
    /// <summary>The flag's line alone: 128 bytes, also clear of the adjacent-line prefetcher.</summary>
    private const int LineBytes = 128;

    /// <summary>What a thread that failed to pin adds to the start count: negative whatever the other one did.</summary>
    private const int Aborted = -1000;

    /// <summary>
    /// Measures <paramref name="batches"/> batches of <paramref name="roundTrips"/> round trips between
    /// <paramref name="initiatorCpu"/> and <paramref name="responderCpu"/>; returns nanoseconds per round trip of each.
    /// </summary>
    /// <exception cref="InvalidOperationException">A thread could not be pinned, or ran elsewhere than pinned.</exception>
    public static FloorResult Measure(int initiatorCpu, int responderCpu, int batches, int roundTrips)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTrips, 1);
        ArgumentOutOfRangeException.ThrowIfEqual(initiatorCpu, responderCpu);
        int* line = (int*)NativeMemory.AlignedAlloc(3 * LineBytes, LineBytes);
        try
        {
            // The flag in the middle line; the start line of the two threads in the first, away from it.
            int* flag = line + LineBytes / sizeof(int);
            int* start = line;
            *flag = 0;
            *start = 0;
            double[] nsPerRoundTrip = new double[batches];
            int[] ranOn = [-1, -1];
            Exception? failure = null;
            var responder = new Thread(() =>
            {
                if (!PinAndMeet(responderCpu, start, ref failure))
                {
                    return;
                }

                long total = (long)batches * roundTrips;
                for (long i = 0; i < total; i++)
                {
                    while (Volatile.Read(ref *flag) != 1)
                    {
                    }

                    Volatile.Write(ref *flag, 0);
                }

                ranOn[1] = SchedGetCpu();
            })
            {
                IsBackground = true,
                Name = "floor responder",
            };
            var initiator = new Thread(() =>
            {
                if (!PinAndMeet(initiatorCpu, start, ref failure))
                {
                    return;
                }

                for (int b = 0; b < batches; b++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    for (int i = 0; i < roundTrips; i++)
                    {
                        Volatile.Write(ref *flag, 1);
                        while (Volatile.Read(ref *flag) != 0)
                        {
                        }
                    }

                    nsPerRoundTrip[b] = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / roundTrips;
                }

                ranOn[0] = SchedGetCpu();
            })
            {
                IsBackground = true,
                Name = "floor initiator",
            };
            responder.Start();
            initiator.Start();
            initiator.Join();
            responder.Join();

            if (failure is not null)
            {
                throw new InvalidOperationException($"the floor probe failed: {failure.Message}", failure);
            }

            if (ranOn[0] != initiatorCpu || ranOn[1] != responderCpu)
            {
                throw new InvalidOperationException(
                    $"the floor probe's threads ran on CPUs {ranOn[0]} and {ranOn[1]}, pinned to {initiatorCpu} and {responderCpu}");
            }

            return FloorResult.Of(initiatorCpu, responderCpu, roundTrips, nsPerRoundTrip);
        }
        finally
        {
            NativeMemory.AlignedFree(line);
        }
    }

    /// <summary>
    /// Pins the calling thread to <paramref name="cpu"/> and waits for the other thread to have pinned itself too.
    /// Returns false (and records the failure) when either could not: both then leave before touching the flag, so
    /// neither spins on a line that is freed under it.
    /// </summary>
    private static bool PinAndMeet(int cpu, int* start, ref Exception? failure)
    {
        try
        {
            ThreadAffinity.SetCurrentThread([cpu]);
            Interlocked.Increment(ref *start);
        }
        catch (InvalidOperationException e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            Interlocked.Add(ref *start, Aborted);
        }

        int seen;
        while ((seen = Volatile.Read(ref *start)) is >= 0 and < 2)
        {
        }

        return seen >= 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int SchedGetCpu();
}
