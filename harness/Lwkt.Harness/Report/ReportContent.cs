using Lwkt.Harness.Compare;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Report;

/// <summary>Everything the report shows, computed from the rows before anything is written.</summary>
/// <param name="Rows">The rows read.</param>
/// <param name="Cells">Every cell, ok or not, in key order.</param>
/// <param name="Scalability">The USL fit (or the reason for none) of each throughput-versus-cores line.</param>
/// <param name="Charts">The charts to render, in the order report.md shows them.</param>
public sealed record ReportContent(
    IReadOnlyList<ResultRow> Rows,
    IReadOnlyList<ResultCell> Cells,
    IReadOnlyList<ScalabilityEstimate> Scalability,
    IReadOnlyList<ReportChart> Charts);
