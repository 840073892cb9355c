namespace Lwkt.Workloads.Torture;

/// <summary>What a stress thread is doing now; the watchdog bounds the time spent in every phase but <see cref="Done"/>.</summary>
internal enum TorturePhase
{
    /// <summary>Between operations (outside every lock).</summary>
    Run,

    /// <summary>Waiting to acquire a lock or token.</summary>
    Acquire,

    /// <summary>Holding a lock (short or long hold).</summary>
    Hold,

    /// <summary>Blocked while holding a lock: sleep, yield, blocking call, migration.</summary>
    BlockedHolding,

    /// <summary>Waiting on an event for a wakeup.</summary>
    Wait,

    /// <summary>Sleeping a random time before a wakeup.</summary>
    Sleep,

    /// <summary>Waiting for the reply of a message.</summary>
    Call,

    /// <summary>Waiting for a message to serve.</summary>
    Receive,

    /// <summary>Paused by stutter.</summary>
    Stutter,

    /// <summary>Moving to another CPU.</summary>
    Shuffle,

    /// <summary>Joining a thread that ended by an exception.</summary>
    Join,

    /// <summary>Finished.</summary>
    Done,
}
