namespace Lwkt.Harness.Tracing;

/// <summary>
/// The samples of the threads of one <see cref="ThreadKind"/>, with the frame counts of those that caught the thread
/// running managed code (<see cref="Running"/>): the shares are of those.
/// </summary>
public sealed class KindProfile
{
    /// <summary>OS threads of this kind that were sampled.</summary>
    public int Threads { get; internal set; }

    /// <summary>Samples of these threads (one per thread per sampling period, running or blocked).</summary>
    public long Samples { get; internal set; }

    /// <summary>
    /// Samples taken while the thread was outside managed code: in native code, a system call, or blocked. Left out
    /// of the frame counts: the profiler cannot tell a thread blocked in a wait from one running native code.
    /// </summary>
    public long OutsideManaged { get; internal set; }

    /// <summary>
    /// Samples that caught the thread stopped at a GC poll (<see cref="HotFrames.GcPollPrefix"/>): the sampler itself
    /// suspends the runtime every period, and a thread in a loop parks at its next poll, with its caller often
    /// unresolvable. Left out of the frame counts: they say where the sampler stopped the thread, not where it worked.
    /// </summary>
    public long AtGcPoll { get; internal set; }

    /// <summary>The samples the frames are counted from: running managed code, not parked at a GC poll.</summary>
    public long Running => Samples - OutsideManaged - AtGcPoll;

    /// <summary>Counts per frame name (<see cref="FrameNames"/>).</summary>
    public Dictionary<string, FrameCount> Frames { get; } = new(StringComparer.Ordinal);

    /// <summary>The same samples with their stacks folded to the suite's code (<see cref="SuiteCode.Fold"/>): what <c>trace diff</c> compares.</summary>
    public Dictionary<string, FrameCount> SuiteFrames { get; } = new(StringComparer.Ordinal);

    /// <summary>A frame's exclusive share of <see cref="Running"/> (0..1; 0 for a frame never seen) in <paramref name="counts"/> (default <see cref="Frames"/>).</summary>
    public double ExclusiveShare(string frame, Dictionary<string, FrameCount>? counts = null) =>
        Share((counts ?? Frames).TryGetValue(frame, out FrameCount? c) ? c.Exclusive : 0);

    /// <summary>A frame's inclusive share of <see cref="Running"/> (0..1; 0 for a frame never seen) in <paramref name="counts"/> (default <see cref="Frames"/>).</summary>
    public double InclusiveShare(string frame, Dictionary<string, FrameCount>? counts = null) =>
        Share((counts ?? Frames).TryGetValue(frame, out FrameCount? c) ? c.Inclusive : 0);

    /// <summary>The <paramref name="top"/> frames by exclusive samples, then by inclusive samples, then by name.</summary>
    public IEnumerable<KeyValuePair<string, FrameCount>> TopExclusive(int top) =>
        Frames.Where(f => f.Value.Exclusive > 0)
            .OrderByDescending(f => f.Value.Exclusive).ThenByDescending(f => f.Value.Inclusive).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Take(top);

    /// <summary>The <paramref name="top"/> frames by inclusive samples, then by name.</summary>
    public IEnumerable<KeyValuePair<string, FrameCount>> TopInclusive(int top) =>
        Frames.OrderByDescending(f => f.Value.Inclusive).ThenBy(f => f.Key, StringComparer.Ordinal).Take(top);

    private double Share(long count) => Running == 0 ? 0 : (double)count / Running;
}
