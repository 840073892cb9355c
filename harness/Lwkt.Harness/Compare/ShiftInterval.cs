namespace Lwkt.Harness.Compare;

/// <summary>
/// The Hodges–Lehmann shift between two samples (current minus baseline) with its distribution-free confidence
/// interval, in the metric's units.
/// </summary>
/// <param name="Estimate">The median of all pairwise differences <c>current[i] − baseline[j]</c>.</param>
/// <param name="Lower">The lower confidence bound.</param>
/// <param name="Upper">The upper confidence bound.</param>
/// <param name="Confidence">
/// The coverage actually achieved: the rank statistic is discrete, so this is the smallest attainable level at or above
/// the one asked for, or, when even the full range of differences cannot reach it (tiny samples), the lower coverage of
/// that full range.
/// </param>
public readonly record struct ShiftInterval(double Estimate, double Lower, double Upper, double Confidence);
