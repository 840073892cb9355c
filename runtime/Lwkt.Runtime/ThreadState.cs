namespace Lwkt.Runtime;

/// <summary>
/// Where an LWKT thread is in its life. Only the owning virtual CPU changes it (lwkt: td_flags are touched by the
/// owning cpu only); other CPUs ask by IPI.
/// </summary>
internal enum ThreadState
{
    /// <summary>Created, not yet scheduled (lwkt: TDF_NOSTART).</summary>
    New,

    /// <summary>On its CPU's run queue (lwkt: TDF_RUNQ).</summary>
    Runnable,

    /// <summary>Executing on its CPU (lwkt: TDF_RUNNING).</summary>
    Running,

    /// <summary>Descheduled at an LWKT blocking point; only an explicit schedule wakes it (lwkt: TDF_BLOCKED).</summary>
    Blocked,

    /// <summary>Runnable but parked on a token's waiter list until a release hands it a chance.</summary>
    TokenWait,

    /// <summary>Awaiting a foreign task; its SynchronizationContext post resumes it.</summary>
    ForeignWait,

    /// <summary>Finished; never runs again (lwkt: TDF_EXITING).</summary>
    Exited,
}
