namespace Lwkt.Harness.Tracing;

/// <summary>How many samples of one thread kind a frame was the leaf of (exclusive) and was anywhere on (inclusive).</summary>
public sealed class FrameCount
{
    /// <summary>Samples whose innermost frame is this one.</summary>
    public long Exclusive { get; internal set; }

    /// <summary>Samples with this frame anywhere on the stack (once per sample, recursion or not).</summary>
    public long Inclusive { get; internal set; }
}
