namespace Lwkt.Runtime;

/// <summary>Counters of one virtual CPU (lwkt: gd_cnt and the ipiq statistics).</summary>
/// <param name="Switches">Thread switches (each time a thread ran and gave the CPU back).</param>
/// <param name="IpisSent">IPIs this CPU sent.</param>
/// <param name="IpisReceived">IPIs this CPU processed.</param>
/// <param name="Migrations">Threads this CPU gave to another CPU.</param>
/// <param name="IdleSleeps">Times the idle loop parked in the kernel (futex wait on the doorbell).</param>
/// <param name="WorkRequests">Times this CPU, idle, asked a busy CPU for work.</param>
/// <param name="IdleSpin">Time the idle loop spent spinning on the doorbell.</param>
/// <param name="SpinsPaid">Idle spins that ended because work arrived.</param>
/// <param name="SpinsWasted">Idle spins that ran out of budget (the CPU parked after them).</param>
/// <param name="ParkWakes">Futex wakes other threads issued to end this CPU's parks.</param>
/// <param name="IpisBacklogged">IPIs sent into a full ring from inside a critical section (held back, in order, until it ended).</param>
/// <param name="IpisPolled">IPIs the idle spin ran on finding them in a ring slot, before answering the doorbell that announced them.</param>
/// <param name="IpisUnrung">IPIs this CPU sent without ringing the target's doorbell: the target's idle spin was watching its ring slots.</param>
public readonly record struct CpuCounters(
    long Switches,
    long IpisSent,
    long IpisReceived,
    long Migrations,
    long IdleSleeps,
    long WorkRequests,
    TimeSpan IdleSpin = default,
    long SpinsPaid = 0,
    long SpinsWasted = 0,
    long ParkWakes = 0,
    long IpisBacklogged = 0,
    long IpisPolled = 0,
    long IpisUnrung = 0)
{
    /// <summary>Element-wise sum.</summary>
    public static CpuCounters operator +(CpuCounters a, CpuCounters b) => new(
        a.Switches + b.Switches,
        a.IpisSent + b.IpisSent,
        a.IpisReceived + b.IpisReceived,
        a.Migrations + b.Migrations,
        a.IdleSleeps + b.IdleSleeps,
        a.WorkRequests + b.WorkRequests,
        a.IdleSpin + b.IdleSpin,
        a.SpinsPaid + b.SpinsPaid,
        a.SpinsWasted + b.SpinsWasted,
        a.ParkWakes + b.ParkWakes,
        a.IpisBacklogged + b.IpisBacklogged,
        a.IpisPolled + b.IpisPolled,
        a.IpisUnrung + b.IpisUnrung);

    /// <summary>Element-wise sum, for languages without operators.</summary>
    public static CpuCounters Add(CpuCounters a, CpuCounters b) => a + b;
}
