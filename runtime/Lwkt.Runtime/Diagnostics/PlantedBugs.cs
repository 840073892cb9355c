using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Diagnostics;

/// <summary>
/// Test-only switches that plant one LWKT invariant bug each, so the test suite can be shown to fail for every bug it
/// claims to guard against (a test that cannot fail proves nothing). <c>LWKT_PLANTED_BUG=&lt;name&gt;</c> in the
/// environment of a test process turns one on; nothing else sets it.
/// </summary>
/// <remarks>
/// Each switch is a static readonly bool read once when the type initialises: tier-1 code treats it as the constant
/// false and removes the planted branch, so the switches cost the hot paths nothing.
/// </remarks>
internal static class PlantedBugs
{
    /// <summary>The environment variable naming the planted bug.</summary>
    public const string Variable = "LWKT_PLANTED_BUG";

    private static readonly string? s_planted = Environment.GetEnvironmentVariable(Variable);

    /// <summary><c>sysport-wait-keeps-tokens</c>: a thread waiting on a sysport call keeps its tokens.</summary>
    public static readonly bool SysPortWaitKeepsTokens = s_planted == "sysport-wait-keeps-tokens";

    /// <summary><c>foreign-await-skips-tokens</c>: a thread resumed by a foreign completion runs without its tokens.</summary>
    public static readonly bool ForeignAwaitSkipsTokens = s_planted == "foreign-await-skips-tokens";

    /// <summary><c>lost-wakeup</c>: a sleep-queue wakeup sent to another CPU is dropped there.</summary>
    public static readonly bool LostWakeup = s_planted == "lost-wakeup";

    /// <summary><c>ipi-in-critical-section</c>: IPIs run while the switched-out thread is inside a critical section.</summary>
    public static readonly bool IpiInCriticalSection = s_planted == "ipi-in-critical-section";

    /// <summary>
    /// <c>defers-ipis-past-failed-take</c>: a scheduler step whose thread fails its token take keeps the IPI deferral,
    /// so threads that keep failing defer the doorbell for good.
    /// </summary>
    public static readonly bool DefersIpisPastFailedTake = s_planted == "defers-ipis-past-failed-take";

    /// <summary>
    /// <c>skips-owed-ring-scan</c>: the fence and last look at the ring slots that an idle spin stopping on work owes are
    /// never paid, so an entry whose sender saw it spinning (and rang nothing) can be left in the ring while the CPU parks.
    /// </summary>
    public static readonly bool SkipsOwedRingScan = s_planted == "skips-owed-ring-scan";

    /// <summary>
    /// <c>in-place-wait-ignores-runnable</c>: a thread waiting in place (<see cref="VirtualCpu.WaitInPlace"/>) goes on
    /// waiting after a handler it ran made another thread of its CPU runnable.
    /// </summary>
    public static readonly bool InPlaceWaitIgnoresRunnable = s_planted == "in-place-wait-ignores-runnable";

    /// <summary>
    /// <c>in-place-wait-skips-ring-scan</c>: a wait in place that stops does not owe the fence and last look at the ring
    /// slots, so an entry whose sender saw the CPU spinning (and rang nothing) can be left in the ring while the CPU parks.
    /// </summary>
    public static readonly bool InPlaceWaitSkipsRingScan = s_planted == "in-place-wait-skips-ring-scan";

    /// <summary><c>double-reply</c>: a message already replied can be replied again.</summary>
    public static readonly bool DoubleReply = s_planted == "double-reply";

    /// <summary>The scheduler switched <paramref name="td"/> out: true when a planted bug keeps its tokens.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool KeepsTokens(LwktThread td) => SysPortWaitKeepsTokens && td.PlantedSysPortWait;

    /// <summary>
    /// The scheduler is about to run <paramref name="td"/>: true when a planted bug skips taking its token set (it
    /// still holds the set it kept, or it resumes from a foreign completion and "forgets").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SkipsTokenTake(LwktThread td) =>
        (SysPortWaitKeepsTokens && td._tokHave != 0) || (ForeignAwaitSkipsTokens && td.ResumesFromPost);
}
