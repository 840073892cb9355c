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
