using CsvHelper;

namespace Lwkt.Harness.Compare;

/// <summary>
/// One line of <c>compare --format csv</c>: one cell key of either side. Values are raw (invariant culture, full
/// precision, the metric's units); fields that do not apply to the outcome are empty.
/// </summary>
[CsvRecord]
public sealed partial class CompareCsvRow
{
    /// <summary>Key: workload.</summary>
    [CsvColumn("workload")]
    public string Workload { get; set; } = "";

    /// <summary>Key: runtime.</summary>
    [CsvColumn("runtime")]
    public string Runtime { get; set; } = "";

    /// <summary>Key: cores.</summary>
    [CsvColumn("cores")]
    public int Cores { get; set; }

    /// <summary>Key: threads.</summary>
    [CsvColumn("threads")]
    public int Threads { get; set; }

    /// <summary>Key: params.</summary>
    [CsvColumn("params")]
    public string Params { get; set; } = "";

    /// <summary>The metric compared.</summary>
    [CsvColumn("metric")]
    public string Metric { get; set; } = "";

    /// <summary><c>compared</c>, <c>only_in_base</c>, <c>only_in_new</c>, <c>not_ok</c>, <c>not_steady</c> or <c>no_metric</c>.</summary>
    [CsvColumn("outcome")]
    public string Outcome { get; set; } = "";

    /// <summary><c>faster</c>, <c>slower</c>, <c>same</c>, <c>unsure</c> or <c>insufficient_data</c>; empty when not compared.</summary>
    [CsvColumn("verdict")]
    public string? Verdict { get; set; }

    /// <summary>Baseline iterations.</summary>
    [CsvColumn("base_n")]
    public int? BaseCount { get; set; }

    /// <summary>New iterations.</summary>
    [CsvColumn("new_n")]
    public int? NewCount { get; set; }

    /// <summary>Median of the baseline iterations.</summary>
    [CsvColumn("base_median")]
    public double? BaseMedian { get; set; }

    /// <summary>Median of the new iterations.</summary>
    [CsvColumn("new_median")]
    public double? NewMedian { get; set; }

    /// <summary><c>new_median / base_median</c>.</summary>
    [CsvColumn("ratio")]
    public double? Ratio { get; set; }

    /// <summary>Hodges–Lehmann shift, new − base.</summary>
    [CsvColumn("shift")]
    public double? Shift { get; set; }

    /// <summary>Lower confidence bound of the shift.</summary>
    [CsvColumn("shift_lower")]
    public double? ShiftLower { get; set; }

    /// <summary>Upper confidence bound of the shift.</summary>
    [CsvColumn("shift_upper")]
    public double? ShiftUpper { get; set; }

    /// <summary>Coverage of the shift interval achieved (0.95 unless the samples are tiny).</summary>
    [CsvColumn("shift_confidence")]
    public double? ShiftConfidence { get; set; }

    /// <summary>Why there is no verdict, or why the cell was not compared.</summary>
    [CsvColumn("note")]
    public string? Note { get; set; }
}
