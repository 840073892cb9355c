namespace Lwkt.Harness.Tracing;

/// <summary>
/// A frame's shares of one thread kind's running samples in both traces (0..1), and how much they moved, in share
/// points; <paramref name="BaseSamples"/> and <paramref name="NewSamples"/> are the running samples the shares are of.
/// </summary>
public sealed record FrameMove(
    ThreadKind Kind, string Frame, double BaseExclusive, double NewExclusive, double BaseInclusive, double NewInclusive, long BaseSamples, long NewSamples)
{
    /// <summary>
    /// True when the exclusive or the inclusive move is beyond two standard errors of a difference of two sampled
    /// proportions (about 95 %): with a few dozen samples a frame moves by ten points from chance alone.
    /// </summary>
    public bool IsBeyondChance => Beyond(BaseExclusive, NewExclusive) || Beyond(BaseInclusive, NewInclusive);

    /// <summary>Change of the exclusive share.</summary>
    public double ExclusiveDelta => NewExclusive - BaseExclusive;

    /// <summary>Change of the inclusive share.</summary>
    public double InclusiveDelta => NewInclusive - BaseInclusive;

    /// <summary>The larger of the two moves, for ordering and for the noise threshold.</summary>
    public double Magnitude => Math.Max(Math.Abs(ExclusiveDelta), Math.Abs(InclusiveDelta));

    private bool Beyond(double p1, double p2)
    {
        if (BaseSamples == 0 || NewSamples == 0)
        {
            return false;
        }

        // A share of 0 has no variance of its own: take half a sample's worth, so one lone sample is not "certain".
        double q1 = Math.Max(p1, 0.5 / BaseSamples);
        double q2 = Math.Max(p2, 0.5 / NewSamples);
        double standardError = Math.Sqrt((q1 * (1 - q1) / BaseSamples) + (q2 * (1 - q2) / NewSamples));
        return Math.Abs(p2 - p1) >= 2 * standardError;
    }

    /// <summary>
    /// <c>new</c> when only the new trace has the frame, <c>gone</c> when only the base trace has it, <c>both</c>
    /// otherwise. A frame on one side only is a code path the other side never took: new or removed code, or a call
    /// the JIT inlined on the other side.
    /// </summary>
    public string Presence => BaseInclusive == 0 ? "new" : NewInclusive == 0 ? "gone" : "both";

    /// <summary>
    /// The report order: frames on one side only first (new, then gone, each by its share), then the moves of frames
    /// both sides have, largest first: a path that appeared or vanished is the first thing to look at.
    /// </summary>
    public static IOrderedEnumerable<FrameMove> InReportOrder(IEnumerable<FrameMove> moves) =>
        moves.OrderBy(m => m.Presence switch { "new" => 0, "gone" => 1, _ => 2 })
            .ThenByDescending(m => m.Magnitude)
            .ThenBy(m => m.Frame, StringComparer.Ordinal);
}
