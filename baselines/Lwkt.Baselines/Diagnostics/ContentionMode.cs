namespace Lwkt.Baselines.Diagnostics;

/// <summary>What a contended thread wanted (the <c>mode</c> field of the <c>Lwkt-Baselines</c> contention events).</summary>
public enum ContentionMode
{
    /// <summary>An exclusive lock.</summary>
    Exclusive = 0,

    /// <summary>The read side of a reader-writer lock.</summary>
    Read = 1,

    /// <summary>The write side of a reader-writer lock.</summary>
    Write = 2,
}
