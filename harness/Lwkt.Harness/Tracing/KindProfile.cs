namespace Lwkt.Harness.Tracing;

/// <summary>The samples of the threads of one <see cref="ThreadKind"/>, with every frame's counts.</summary>
public sealed class KindProfile
{
    /// <summary>OS threads of this kind that were sampled.</summary>
    public int Threads { get; internal set; }

    /// <summary>Samples of these threads (one per thread per sampling period, running or blocked).</summary>
    public long Samples { get; internal set; }

    /// <summary>
    /// Samples taken while the thread was outside managed code: in native code, a system call, or blocked. Their
    /// innermost frame is the managed method that left managed code.
    /// </summary>
    public long OutsideManaged { get; internal set; }

    /// <summary>Counts per frame name (<see cref="FrameNames"/>).</summary>
    public Dictionary<string, FrameCount> Frames { get; } = new(StringComparer.Ordinal);

    /// <summary>A frame's exclusive share of <see cref="Samples"/> (0..1; 0 for a frame never seen).</summary>
    public double ExclusiveShare(string frame) => Share(Frames.TryGetValue(frame, out FrameCount? c) ? c.Exclusive : 0);

    /// <summary>A frame's inclusive share of <see cref="Samples"/> (0..1; 0 for a frame never seen).</summary>
    public double InclusiveShare(string frame) => Share(Frames.TryGetValue(frame, out FrameCount? c) ? c.Inclusive : 0);

    /// <summary>The <paramref name="top"/> frames by exclusive samples, then by inclusive samples, then by name.</summary>
    public IEnumerable<KeyValuePair<string, FrameCount>> TopExclusive(int top) =>
        Frames.Where(f => f.Value.Exclusive > 0)
            .OrderByDescending(f => f.Value.Exclusive).ThenByDescending(f => f.Value.Inclusive).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Take(top);

    /// <summary>The <paramref name="top"/> frames by inclusive samples, then by name.</summary>
    public IEnumerable<KeyValuePair<string, FrameCount>> TopInclusive(int top) =>
        Frames.OrderByDescending(f => f.Value.Inclusive).ThenBy(f => f.Key, StringComparer.Ordinal).Take(top);

    private double Share(long count) => Samples == 0 ? 0 : (double)count / Samples;
}
