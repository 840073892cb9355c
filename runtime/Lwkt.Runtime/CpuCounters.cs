namespace Lwkt.Runtime;

/// <summary>Counters of one virtual CPU (lwkt: gd_cnt and the ipiq statistics).</summary>
/// <param name="Switches">Thread switches (each time a thread ran and gave the CPU back).</param>
/// <param name="IpisSent">IPIs this CPU sent.</param>
/// <param name="IpisReceived">IPIs this CPU processed.</param>
/// <param name="Migrations">Threads this CPU gave to another CPU.</param>
/// <param name="IdleSleeps">Times the idle loop slept in the kernel.</param>
/// <param name="WorkRequests">Times this CPU, idle, asked a busy CPU for work.</param>
public readonly record struct CpuCounters(
    long Switches, long IpisSent, long IpisReceived, long Migrations, long IdleSleeps, long WorkRequests)
{
    /// <summary>Element-wise sum.</summary>
    public static CpuCounters operator +(CpuCounters a, CpuCounters b) => new(
        a.Switches + b.Switches,
        a.IpisSent + b.IpisSent,
        a.IpisReceived + b.IpisReceived,
        a.Migrations + b.Migrations,
        a.IdleSleeps + b.IdleSleeps,
        a.WorkRequests + b.WorkRequests);

    /// <summary>Element-wise sum, for languages without operators.</summary>
    public static CpuCounters Add(CpuCounters a, CpuCounters b) => a + b;
}
