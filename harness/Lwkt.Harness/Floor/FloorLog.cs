using System.Globalization;
using Lwkt.Harness.Compare;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Floor;

/// <summary>
/// The floor probes of a <c>run --floor</c>: one just before and one just after every launch of a cell on two cores or
/// more, written to <c>floor.csv</c> in the run folder as they are taken, and the cells' ratios to them.
/// </summary>
/// <remarks>
/// Why around every cell and not once per run: on the 2-core development VM the floor has three modes — about 67, 120 or
/// 450 ns per round trip, switching within a second as the host moves the VM's virtual CPUs (docs/targets.md) — each
/// steady within a mode. A floor taken minutes away from a cell says nothing about the cell's mode; the probes on both
/// sides of it bracket it, and when they disagree by more than <see cref="ModeChange"/>, or one of them saw more than
/// one mode (<see cref="FloorResult.Modes"/>), the ratio is flagged.
/// </remarks>
internal sealed class FloorLog
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "floor.csv";

    /// <summary>Probes around one cell further apart than this (slower / faster median) are two floors, not one.</summary>
    public const double ModeChange = 1.5;

    private readonly string _path;
    private readonly Dictionary<CellKey, List<FloorResult>> _byCell = [];

    /// <summary>A log writing to <c>floor.csv</c> in <paramref name="folder"/> (created with its header if absent).</summary>
    public FloorLog(string folder)
    {
        _path = Path.Combine(folder, FileName);
        if (!File.Exists(_path))
        {
            File.WriteAllText(_path, "workload,runtime,cores,threads,params,launch," + FloorResult.CsvHeader + "\n");
        }
    }

    /// <summary>Records the probe taken <paramref name="when"/> (before, after) launch <paramref name="launch"/> of <paramref name="cell"/>.</summary>
    public void Record(CellKey cell, int launch, string when, FloorResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!_byCell.TryGetValue(cell, out List<FloorResult>? list))
        {
            _byCell[cell] = list = [];
        }

        list.Add(result);
        string prefix = string.Create(
            CultureInfo.InvariantCulture,
            $"{cell.Workload},{cell.Runtime},{cell.Cores},{cell.Threads},\"{cell.Params}\",{launch},");
        File.AppendAllText(_path, prefix + result.CsvRow(when) + "\n");
    }

    /// <summary>
    /// One line per summarized cell that has probes and a median ns/op: the cell's ns/op over the median of its probes,
    /// and the probes' range; flagged when they disagree by more than <see cref="ModeChange"/>.
    /// </summary>
    public IReadOnlyList<string> Ratios(IEnumerable<SummaryRow> summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var lines = new List<string>();
        foreach (SummaryRow row in summary)
        {
            if (row.MedianOf(Metric.NsPerOp) is not { } nsPerOp || !_byCell.TryGetValue(row.Key, out List<FloorResult>? probes))
            {
                continue;
            }

            double[] medians = [.. probes.Select(p => p.Median)];
            double floor = Descriptive.Median(medians);
            double low = medians.Min(), high = medians.Max();
            string flag = high > ModeChange * low || probes.Any(p => p.Modes.Count > 1) ? "  (the floor changed during the cell: ratio unreliable)" : "";
            lines.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{row.Key}: {nsPerOp:F1} ns/op = {nsPerOp / floor:F2} x floor {floor:F1} ns ({probes.Count} probes {low:F1}-{high:F1}){flag}"));
        }

        return lines;
    }
}
