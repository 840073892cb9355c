namespace Lwkt.Harness.Tracing;

/// <summary>What one LWKT virtual CPU did during a trace (from the <c>Lwkt-Runtime</c> events).</summary>
public sealed class CpuStats
{
    /// <summary>Switches to a thread.</summary>
    public long Switches { get; set; }

    /// <summary>Switches to the idle loop.</summary>
    public long IdleEntries { get; set; }

    /// <summary>IPIs this CPU sent.</summary>
    public long IpisSent { get; set; }

    /// <summary>IPIs this CPU ran (the counts of its IpiProcess events).</summary>
    public long IpisProcessed { get; set; }

    /// <summary>Token waits that began on this CPU (each a collision that made a thread wait).</summary>
    public long TokenCollisions { get; set; }

    /// <summary>Threads this CPU gave away.</summary>
    public long MigrationsOut { get; set; }

    /// <summary>Threads this CPU received.</summary>
    public long MigrationsIn { get; set; }

    /// <summary>Work requests this CPU sent while idle.</summary>
    public long WorkRequests { get; set; }
}
