namespace Lwkt.Harness.Tracing;

/// <summary>
/// A frame's shares of one thread kind's samples in both traces (0..1), and how much they moved, in share points.
/// </summary>
public sealed record FrameMove(ThreadKind Kind, string Frame, double BaseExclusive, double NewExclusive, double BaseInclusive, double NewInclusive)
{
    /// <summary>Change of the exclusive share.</summary>
    public double ExclusiveDelta => NewExclusive - BaseExclusive;

    /// <summary>Change of the inclusive share.</summary>
    public double InclusiveDelta => NewInclusive - BaseInclusive;

    /// <summary>The larger of the two moves, for ordering and for the noise threshold.</summary>
    public double Magnitude => Math.Max(Math.Abs(ExclusiveDelta), Math.Abs(InclusiveDelta));
}
