namespace Lwkt.Micro;

/// <summary>
/// The benchmark categories, for <c>--anyCategories</c> / <c>--allCategories</c>: one per primitive and one per
/// runtime. Runtime categories use the runtime names of <c>lwkt-bench run</c>; <see cref="OsThread"/> marks what every
/// OS-thread runtime shares (thread creation, <c>Thread.Yield</c>).
/// </summary>
public static class MicroCategories
{
    /// <summary>Uncontended exclusive acquire/release (and its TryAcquire variant).</summary>
    public const string Lock = "lock";

    /// <summary>Reader/writer locks, shared and exclusive side.</summary>
    public const string RwLock = "rwlock";

    /// <summary>TryAcquire that succeeds, then release.</summary>
    public const string TryAcquire = "try-acquire";

    /// <summary>Yield/switch between two threads on one CPU.</summary>
    public const string Yield = "yield";

    /// <summary>Call/reply message round trip (same CPU, cross CPU, or on the pool).</summary>
    public const string RoundTrip = "round-trip";

    /// <summary>Create a thread (or task), run it, join it.</summary>
    public const string Spawn = "spawn";

    /// <summary>Inter-processor interrupt: send to another virtual CPU until its handler ran.</summary>
    public const string Ipi = "ipi";

    /// <summary>The futex(2) wake system call.</summary>
    public const string Futex = "futex";

    /// <summary>Sleep/wakeup hand-off between two threads taking turns.</summary>
    public const string Handoff = "handoff";

    /// <summary>The machine's floor: a cache line handed between two pinned OS threads by spinning.</summary>
    public const string Floor = "floor";

    /// <summary>The LWKT runtime.</summary>
    public const string Lwkt = "lwkt";

    /// <summary>OS threads with <c>Monitor</c>.</summary>
    public const string OsMonitor = "os-monitor";

    /// <summary>OS threads with <c>System.Threading.Lock</c>.</summary>
    public const string OsLock = "os-lock";

    /// <summary>OS threads with futex(2) primitives.</summary>
    public const string OsFutex = "os-futex";

    /// <summary>OS threads with test-and-test-and-set spin locks.</summary>
    public const string OsSpin = "os-spin";

    /// <summary>OS threads with ticket spin locks.</summary>
    public const string OsSpinTicket = "os-spin-ticket";

    /// <summary>Plain OS threads (what every OS-thread runtime shares).</summary>
    public const string OsThread = "os-thread";

    /// <summary>Tasks on the .NET thread pool with async primitives.</summary>
    public const string TplAsync = "tpl-async";
}
