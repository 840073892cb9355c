using Lwkt.Harness.Compare;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Report;

/// <summary>
/// The lines of one scaling chart: every runtime's ok cells of one workload and parameter set along
/// <see cref="ScalingAxis"/>.
/// </summary>
/// <param name="Workload">The workload.</param>
/// <param name="Params">Its parameters (canonical <c>k=v;k=v</c>).</param>
/// <param name="Axis">What the x axis is.</param>
/// <param name="Series">One line per runtime (or per runtime and fixed value), ordered by label.</param>
public sealed record ScalingGroup(string Workload, string Params, ScalingAxis Axis, IReadOnlyList<ScalingSeries> Series)
{
    /// <summary>Whether any line has two or more x values, i.e. whether the chart shows scaling at all.</summary>
    public bool HasScaling => Series.Any(s => s.Points.Count >= 2);

    /// <summary>
    /// Groups <paramref name="cells"/> (ok cells with throughput only; others are ignored) into one group per workload
    /// and parameter set. A runtime gets one line unless it has several cells at one x (several thread counts at one
    /// core count), in which case each value of the other column gets its own line, and lines of a single point are
    /// left out when others have two or more.
    /// </summary>
    public static IReadOnlyList<ScalingGroup> Build(IEnumerable<ResultCell> cells, ScalingAxis axis)
    {
        Func<CellKey, int> x = axis == ScalingAxis.Cores ? k => k.Cores : k => k.Threads;
        Func<CellKey, int> other = axis == ScalingAxis.Cores ? k => k.Threads : k => k.Cores;
        string otherName = axis == ScalingAxis.Cores ? "threads" : "cores";

        var measured = cells
            .Where(c => c.IsOk)
            .Select(c => (Cell: c, Throughput: MetricSpread.Of(c, Metric.OpsPerSecond)))
            .Where(p => p.Throughput is not null)
            .ToList();

        return
        [
            .. measured
                .GroupBy(p => (p.Cell.Key.Workload, p.Cell.Key.Params))
                .OrderBy(g => g.Key.Workload, StringComparer.Ordinal)
                .ThenBy(g => g.Key.Params, StringComparer.Ordinal)
                .Select(g =>
                {
                    bool split = g.GroupBy(p => (p.Cell.Key.Runtime, x(p.Cell.Key))).Any(same => same.Count() > 1);
                    List<ScalingSeries> series =
                    [
                        .. g.GroupBy(p => (p.Cell.Key.Runtime, Fixed: split ? other(p.Cell.Key) : (int?)null))
                            .Select(s => new ScalingSeries(
                                s.Key.Runtime,
                                s.Key.Fixed,
                                s.Key.Fixed is int f ? $"{s.Key.Runtime}, {otherName}={f}" : s.Key.Runtime,
                                [.. s.Select(p => new ScalingPoint(x(p.Cell.Key), p.Cell, p.Throughput!.Value)).OrderBy(p => p.X)]))
                            .OrderBy(s => s.Runtime, StringComparer.Ordinal)
                            .ThenBy(s => s.Fixed),
                    ];

                    // A split line with one point is the other axis's sweep seen from the side (threads 1..64 at
                    // 2 cores, on a cores chart); it is drawn on that axis's chart, not here, unless nothing else is.
                    if (split && series.Any(s => s.Points.Count >= 2))
                    {
                        series.RemoveAll(s => s.Points.Count < 2);
                    }

                    return new ScalingGroup(g.Key.Workload, g.Key.Params, axis, series);
                }),
        ];
    }
}
