namespace Lwkt.Runtime;

/// <summary>The 32 strict LWKT priorities (higher runs first). Names follow DragonFly's TDPRI_* constants.</summary>
public static class Priority
{
    /// <summary>Lowest usable level (lwkt: TDPRI_IDLE_WORK).</summary>
    public const int IdleWork = 1;

    /// <summary>User threads (lwkt: TDPRI_USER_NORM).</summary>
    public const int UserNormal = 6;

    /// <summary>Default for new threads (lwkt: TDPRI_KERN_DAEMON).</summary>
    public const int Default = 12;

    /// <summary>Soft-interrupt-like work (lwkt: TDPRI_SOFT_NORM).</summary>
    public const int Soft = 14;

    /// <summary>Highest level (lwkt: TDPRI_MAX).</summary>
    public const int Max = 31;

    /// <summary>Number of levels: one run queue each.</summary>
    public const int Levels = 32;
}
