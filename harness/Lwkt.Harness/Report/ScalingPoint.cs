using Lwkt.Harness.Compare;

namespace Lwkt.Harness.Report;

/// <summary>One measured point of a scaling line.</summary>
/// <param name="X">Cores or threads, per the chart's <see cref="ScalingAxis"/>.</param>
/// <param name="Cell">The cell measured there.</param>
/// <param name="Throughput">Its <c>ops_per_s</c> over the iterations.</param>
public sealed record ScalingPoint(int X, ResultCell Cell, MetricSpread Throughput);
