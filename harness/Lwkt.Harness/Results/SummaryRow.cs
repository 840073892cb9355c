using CsvHelper;

namespace Lwkt.Harness.Results;

/// <summary>
/// One row of <c>summary.csv</c>: one cell, its measured iterations reduced to the median and spread of the main
/// metric (<c>ops_per_s</c>) with a 95% confidence interval of the median (Harrell–Davis, Perfolizer). Only
/// <c>ok</c> iterations enter the statistics; <see cref="Status"/> is the cell's worst status.
/// </summary>
[CsvRecord]
public sealed partial class SummaryRow
{
    /// <summary>The run the rows came from (several, joined by <c>+</c>, after a merge of resumed runs).</summary>
    [CsvColumn("run_id")]
    public string RunId { get; set; } = "";

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

    /// <summary>Key: canonical parameters.</summary>
    [CsvColumn("params")]
    public string Params { get; set; } = "";

    /// <summary>The cell's status: <c>ok</c> when every row is ok, else the first non-ok status.</summary>
    [CsvColumn("status")]
    public string Status { get; set; } = RowStatus.Ok;

    /// <summary>How many <c>ok</c> iterations the statistics use.</summary>
    [CsvColumn("iterations")]
    public int Iterations { get; set; }

    /// <summary>Median ops/s (Harrell–Davis estimate).</summary>
    [CsvColumn("ops_per_s_median")]
    public double? OpsPerSMedian { get; set; }

    /// <summary>Smallest ops/s of the iterations.</summary>
    [CsvColumn("ops_per_s_min")]
    public double? OpsPerSMin { get; set; }

    /// <summary>Largest ops/s of the iterations.</summary>
    [CsvColumn("ops_per_s_max")]
    public double? OpsPerSMax { get; set; }

    /// <summary>Lower bound of the 95% confidence interval of the median ops/s (empty below 2 iterations).</summary>
    [CsvColumn("ops_per_s_ci95_lower")]
    public double? OpsPerSCi95Lower { get; set; }

    /// <summary>Upper bound of the 95% confidence interval of the median ops/s.</summary>
    [CsvColumn("ops_per_s_ci95_upper")]
    public double? OpsPerSCi95Upper { get; set; }

    /// <summary>Median wall ns per op.</summary>
    [CsvColumn("ns_per_op_median")]
    public double? NsPerOpMedian { get; set; }

    /// <summary>Median of the iterations' p99 latency, ns.</summary>
    [CsvColumn("lat_p99_ns_median")]
    public double? LatP99NsMedian { get; set; }

    /// <summary>Median CPU ns per op.</summary>
    [CsvColumn("cpu_ns_per_op_median")]
    public double? CpuNsPerOpMedian { get; set; }

    /// <summary>Median Jain fairness index.</summary>
    [CsvColumn("fairness_median")]
    public double? FairnessMedian { get; set; }

    /// <summary>The first error of the cell's rows (why it is not ok), or empty.</summary>
    [CsvColumn("error")]
    [CsvNullValues("")]
    public string? Error { get; set; }
}
