namespace Lwkt.Harness.Report;

/// <summary>A fitted <see cref="UslModel"/> and how well it matches the measurements it came from.</summary>
/// <param name="Model">The fitted coefficients.</param>
/// <param name="CoreCounts">The distinct core counts measured (at least three).</param>
/// <param name="RelativeRmse">Root mean square of <c>model / measured − 1</c> over the points: 0.03 is a 3 % typical misfit.</param>
public sealed record UslFit(UslModel Model, IReadOnlyList<int> CoreCounts, double RelativeRmse);
