using System.Globalization;
using Lwkt.Harness.Compare;

namespace Lwkt.Harness.Floor;

/// <summary>
/// One run of the floor probe (<see cref="CacheLineProbe"/>): nanoseconds per round trip of every batch, and their
/// median and spread. The median is the floor; the quartiles say how far one batch may be from it on this machine now,
/// and the share of batches beyond twice the median how often the host took a CPU away during the probe.
/// </summary>
/// <param name="InitiatorCpu">The CPU of the thread that times the batches.</param>
/// <param name="ResponderCpu">The CPU of the thread that answers.</param>
/// <param name="RoundTripsPerBatch">Round trips per timed batch.</param>
/// <param name="Batches">Nanoseconds per round trip of each batch, in the order measured.</param>
internal sealed record FloorResult(int InitiatorCpu, int ResponderCpu, int RoundTripsPerBatch, IReadOnlyList<double> Batches)
{
    /// <summary>The floor: the median batch, nanoseconds per round trip.</summary>
    public double Median => Descriptive.Median(Batches);

    /// <summary>The first quartile of the batches.</summary>
    public double Q1 => Descriptive.Quantile(Batches, 0.25);

    /// <summary>The third quartile of the batches.</summary>
    public double Q3 => Descriptive.Quantile(Batches, 0.75);

    /// <summary>The fastest batch.</summary>
    public double Min => Batches.Min();

    /// <summary>The slowest batch.</summary>
    public double Max => Batches.Max();

    /// <summary>The share of batches slower than twice the median: batches the host disturbed.</summary>
    public double DisturbedShare => Batches.Count(b => b > 2 * Median) / (double)Batches.Count;

    /// <summary>
    /// Sorted batches more than this factor apart start a new mode. Within one mode batches lie within a few per cent of
    /// each other (IQR ±2 %); the development VM's modes are ≈ 67, 110–150 and 400–500 ns, 1.7 and 2.7 times apart.
    /// </summary>
    public const double ModeGap = 1.3;

    /// <summary>A group holding no more than this share of the batches is no mode: batches the host disturbed.</summary>
    public const double MinModeShare = 0.1;

    /// <summary>
    /// The floors the probe saw, fastest first: the batches sorted and cut wherever one is more than
    /// <see cref="ModeGap"/> times the one before, keeping the groups that hold more than <see cref="MinModeShare"/> of
    /// them and whose quartiles lie within <see cref="ModeGap"/> of each other. A floor's batches are tight; batches the
    /// host disturbed spread over orders of magnitude and may chain into one wide group (a probe at load 30, 15 % of its
    /// batches disturbed, had one from 1 µs to 600 µs), which is no floor. On a VM the host moves the two virtual CPUs between physical cores and back within a second (SMT siblings,
    /// one core complex, two: docs/targets.md), so one probe may see several floors; each is steady where the median
    /// over all of them is not.
    /// </summary>
    public IReadOnlyList<FloorMode> Modes
    {
        get
        {
            double[] sorted = [.. Batches.Order()];
            var modes = new List<FloorMode>();
            int start = 0;
            for (int i = 1; i <= sorted.Length; i++)
            {
                if (i < sorted.Length && sorted[i] <= ModeGap * sorted[i - 1])
                {
                    continue;
                }

                double[] group = sorted[start..i];
                if (group.Length > MinModeShare * sorted.Length && Descriptive.Quantile(group, 0.75) <= ModeGap * Descriptive.Quantile(group, 0.25))
                {
                    modes.Add(new FloorMode(Descriptive.Median(group), group.Length / (double)sorted.Length));
                }

                start = i;
            }

            return modes;
        }
    }

    /// <summary>The CSV header of <see cref="CsvRow"/>.</summary>
    public const string CsvHeader = "when,initiator_cpu,responder_cpu,batches,round_trips_per_batch,median_ns,q1_ns,q3_ns,min_ns,max_ns,disturbed_share";

    /// <summary>Builds a result over the batches measured.</summary>
    public static FloorResult Of(int initiatorCpu, int responderCpu, int roundTrips, IReadOnlyList<double> batches)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batches.Count);
        return new FloorResult(initiatorCpu, responderCpu, roundTrips, batches);
    }

    /// <summary>
    /// One line for people: <c>floor 0↔1: median 251.3 ns per round trip (IQR 248.0–260.2, min 240.1, max 903.7; 101
    /// batches × 2000, 3 % disturbed)</c>, and the modes when there is more than one
    /// (<c>; modes 67.4 ns 31 %, 121.0 ns 45 %, 439.8 ns 24 %</c>).
    /// </summary>
    public string Describe()
    {
        IReadOnlyList<FloorMode> modes = Modes;
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"floor cpu {InitiatorCpu}<->{ResponderCpu}: median {Median:F1} ns per round trip (IQR {Q1:F1}-{Q3:F1}, min {Min:F1}, max {Max:F1}; {Batches.Count} batches x {RoundTripsPerBatch}, {DisturbedShare:P0} disturbed)");
        return modes.Count < 2
            ? line
            : line + "; modes " + string.Join(", ", modes.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Median:F1} ns {m.Share:P0}")));
    }

    /// <summary>One CSV row (<see cref="CsvHeader"/>), <paramref name="when"/> naming the moment of the run (before, after).</summary>
    public string CsvRow(string when) => string.Create(
        CultureInfo.InvariantCulture,
        $"{when},{InitiatorCpu},{ResponderCpu},{Batches.Count},{RoundTripsPerBatch},{Median:F1},{Q1:F1},{Q3:F1},{Min:F1},{Max:F1},{DisturbedShare:F3}");
}
