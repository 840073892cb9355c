using System.Globalization;
using Lwkt.Harness.Compare;

namespace Lwkt.Harness.Results;

/// <summary>
/// A cross-CPU round trip against the line transfer measured around its own iterations
/// (<see cref="MachineProbe.Transfer"/>, docs/measurement.md "The cost of a cross-CPU transfer"): where one op is one
/// round trip between two CPUs, its time over the probe's round trip is the runtime's hop in line round trips: a
/// figure that compares across the host's states far better than the times, though not exactly (part of a hop does not
/// scale with the line: lwkt read 5.4–6.8 at 60–81 ns and 3.7–4.5 at 336–353 ns in one run, docs/measurement.md).
/// </summary>
internal static class TransferRatio
{
    /// <summary>
    /// Whether one op of the cell is one round trip between two CPUs: <c>pingpong</c>, <c>placement=cross</c>, one pair
    /// (2 threads), on two or more cores. Elsewhere the ratio has no meaning (several pairs overlap their round trips;
    /// other workloads' ops are not round trips).
    /// </summary>
    public static bool Applies(CellKey key) =>
        key.Workload == "pingpong" && key.Threads <= 2 && key.Cores >= 2
        && key.Params.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries).Contains("placement=cross", StringComparer.Ordinal);

    /// <summary>
    /// The run's line for a cell it applies to: <c>pingpong lwkt cores=2 threads=2 [placement=cross]: 662.0 ns per round
    /// trip = 1.38 x the transfer probe 480.1 ns (median of the iterations' own ratios 1.40)</c>; null elsewhere or
    /// without figures. The iterations' own ratios pair each time with the probe taken around it: with the host's state
    /// changing between iterations, that is the figure that compares; the ratio of medians is there to read beside it.
    /// </summary>
    public static string? Line(SummaryRow row, ResultCell? cell)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!Applies(row.Key) || row.MedianOf(Metric.NsPerOp) is not { } ns || row.MedianOf(Metric.MachineTransferNs) is not { } transfer || transfer <= 0)
        {
            return null;
        }

        string own = cell?.Probed(MachineProbe.Transfer).MedianRatio is { } ratio
            ? string.Create(CultureInfo.InvariantCulture, $" (median of the iterations' own ratios {ratio:F2})")
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"{row.Key}: {ns:F1} ns per round trip = {ns / transfer:F2} x the transfer probe {transfer:F1} ns{own}");
    }

    /// <summary>The lines (<see cref="Line"/>) of the cells of <paramref name="summary"/> it applies to, their iterations read from <paramref name="resultsPath"/>.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<SummaryRow> summary, string resultsPath)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (!summary.Any(s => Applies(s.Key)))
        {
            return [];
        }

        Dictionary<CellKey, ResultCell> cells = ResultCell.Group(ResultsFile.ReadIfExists(resultsPath)).ToDictionary(c => c.Key);
        return [.. summary.Select(s => Line(s, cells.GetValueOrDefault(s.Key))).OfType<string>()];
    }
}
