using Lwkt.Harness.Results;

namespace Lwkt.Harness.Compare;

/// <summary>
/// The columns of <c>compare --format csv</c>, in file order: one line per cell key of either side. Described with
/// the same <see cref="CsvColumn{TRow}"/> list that <c>results.csv</c> uses, so both files format values alike: raw,
/// invariant culture, full precision, the metric's units; a field that does not apply to the outcome is empty.
/// The file is written, never read back: a column's parser refuses.
/// </summary>
internal static class CompareColumns
{
    /// <summary>Every column of a comparison of <paramref name="metric"/>, in file order.</summary>
    public static IReadOnlyList<CsvColumn<CellComparison>> For(Metric metric) =>
    [
        Text("workload", "key", "workload", c => c.Key.Workload),
        Text("runtime", "key", "runtime", c => c.Key.Runtime),
        CsvColumn<CellComparison>.Int("cores", "key, count", "cores", c => c.Key.Cores, (_, _) => NotRead("cores")),
        CsvColumn<CellComparison>.Int("threads", "key, count", "threads", c => c.Key.Threads, (_, _) => NotRead("threads")),
        Text("params", "key", "params", c => c.Key.Params),
        Text("metric", "text", "the metric compared", _ => metric.Name),
        Text("outcome", "token", "`compared`, `only_in_base`, `only_in_new`, `not_ok`, `not_steady` or `no_metric`", c => CompareText.Token(c.Outcome)),
        Text("verdict", "token", "`faster`, `slower`, `same`, `unsure` or `insufficient_data`; empty when not compared", c => c.Comparison is { } s ? CompareText.Token(s.Verdict) : null),
        Number("base_n", "count", "baseline iterations", c => c.Comparison?.BaseCount, integer: true),
        Number("new_n", "count", "new iterations", c => c.Comparison?.NewCount, integer: true),
        Number("base_median", "metric", "median of the baseline iterations", c => c.Comparison?.BaseMedian),
        Number("new_median", "metric", "median of the new iterations", c => c.Comparison?.NewMedian),
        Number("ratio", "ratio", "`new_median / base_median`", c => c.Comparison?.Ratio),
        Number("shift", "metric", "Hodges–Lehmann shift, new − base", c => c.Comparison?.Shift.Estimate),
        Number("shift_lower", "metric", "lower confidence bound of the shift", c => c.Comparison?.Shift.Lower),
        Number("shift_upper", "metric", "upper confidence bound of the shift", c => c.Comparison?.Shift.Upper),
        Number("shift_confidence", "fraction", "coverage of the shift interval achieved (0.95 unless the samples are tiny)", c => c.Comparison?.Shift.Confidence),
        Text("note", "text", "why there is no verdict, or why the cell was not compared", c => c.Comparison?.Reason ?? c.Note),
    ];

    private static CsvColumn<CellComparison> Text(string name, string unit, string legend, Func<CellComparison, string?> get) =>
        CsvColumn<CellComparison>.Text(name, unit, legend, get, (_, _) => NotRead(name));

    private static CsvColumn<CellComparison> Number(string name, string unit, string legend, Func<CellComparison, double?> get, bool integer = false) =>
        CsvColumn<CellComparison>.Number(name, unit, legend, get, (_, _) => NotRead(name), integer);

    private static void NotRead(string name) =>
        throw new NotSupportedException($"compare's CSV is written, not read (column {name})");
}
