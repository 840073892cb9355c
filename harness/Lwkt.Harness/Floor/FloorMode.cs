namespace Lwkt.Harness.Floor;

/// <summary>
/// One of the floors a probe saw (<see cref="FloorResult.Modes"/>): the median of a group of batches that lie close
/// together, and the share of the probe's batches in it.
/// </summary>
/// <param name="Median">Nanoseconds per round trip, the group's median batch.</param>
/// <param name="Share">The group's batches over all of the probe's batches.</param>
internal readonly record struct FloorMode(double Median, double Share);
