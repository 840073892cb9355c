namespace Lwkt.Workloads.Torture;

/// <summary>
/// A statistics line (locktorture's "Writes:" / "Reads:"): the threads that do one kind of operation, their failures,
/// and optional details. Fairness is flagged ("???") when max/2 &gt; min over the group's threads.
/// </summary>
internal sealed class StatGroup(string label, Func<string>? details = null)
{
    private int _fails;

    /// <summary>The line's label, e.g. <c>Writes</c>.</summary>
    public string Label { get; } = label;

    /// <summary>The group's threads.</summary>
    public List<TortureThread> Threads { get; } = [];

    /// <summary>Failures found by this group's checks.</summary>
    public int Fails => Volatile.Read(ref _fails);

    /// <summary>Extra counters for the end of the line, or null.</summary>
    public Func<string>? Details { get; } = details;

    /// <summary>Counts one failure.</summary>
    public void AddFail() => Interlocked.Increment(ref _fails);
}
