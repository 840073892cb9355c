using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Floor;

/// <summary>
/// The floor probe as the harness runs it: <see cref="CacheLineProbe"/> on the two CPUs a <c>cores=2</c> cell is pinned
/// to, with the batch counts below.
/// </summary>
internal static class FloorProbe
{
    /// <summary>
    /// Round trips per timed batch: 0.1–0.5 ms at this VM's two floors (≈ 120 and ≈ 400 ns), far below a host time slice,
    /// so a batch the host interrupts is one outlier batch. Chosen on the 2-core development VM at load 5–9, three probes
    /// of 201 batches each: with 1000 (and with 100) per batch every probe stayed in one mode with an IQR within ±2 % of
    /// its median; with 10 000 (4 ms a batch) one probe of three straddled a mode change (IQR 149–556 ns).
    /// </summary>
    public const int DefaultRoundTrips = 1000;

    /// <summary>
    /// Batches per probe: 25–90 ms a probe, short enough to run before and after every cell (<c>run --floor</c>) and to
    /// stay within one of the floor's modes, with enough batches that 1–3 % disturbed ones (seen at load 5–9) leave the
    /// median and quartiles where they were.
    /// </summary>
    public const int DefaultBatches = 201;

    /// <summary>The two CPUs of a <c>cores=2</c> cell (the first initiates); null when fewer than two are allowed.</summary>
    public static (int Initiator, int Responder)? Cpus(CpuTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (topology.Count < 2)
        {
            return null;
        }

        IReadOnlyList<int> cpus = topology.CpusFor(2);
        return (cpus[0], cpus[1]);
    }

    /// <summary>Runs the probe on <paramref name="cpus"/>.</summary>
    public static FloorResult Measure((int Initiator, int Responder) cpus, int batches = DefaultBatches, int roundTrips = DefaultRoundTrips) =>
        CacheLineProbe.Measure(cpus.Initiator, cpus.Responder, batches, roundTrips);
}
