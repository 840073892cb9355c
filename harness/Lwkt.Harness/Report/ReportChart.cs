namespace Lwkt.Harness.Report;

/// <summary>A chart of the report and the file stem it is saved under (<c>STEM.png</c>, <c>STEM.svg</c>).</summary>
/// <param name="FileStem">File name without extension, unique within the report.</param>
/// <param name="Workload">The workload section it belongs to.</param>
/// <param name="Params">The parameter set of that section.</param>
/// <param name="Chart">What to draw.</param>
public sealed record ReportChart(string FileStem, string Workload, string Params, LineChart Chart);
