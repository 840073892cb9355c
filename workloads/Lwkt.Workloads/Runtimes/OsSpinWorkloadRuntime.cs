using Lwkt.Baselines;
using Lwkt.Baselines.Spinning;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// <c>os-spin</c> (and <c>os-spin-ticket</c>): pure user-space spinning, never a kernel wait. One OS thread per
/// workload thread; a test-and-test-and-set lock with exponential backoff (or a FIFO ticket lock), a spinning
/// writer-preferring reader/writer lock, spinning on a sequence word, a spin-guarded queue and spin-flag reply
/// completions. Every spinner pauses with Thread.SpinWait and, past a bound, yields (sched_yield) so that
/// oversubscription degrades instead of livelocking: what a careful user writes.
/// </summary>
public sealed class OsSpinWorkloadRuntime : OsThreadWorkloadRuntime
{
    private readonly SpinLockKind _kind;

    /// <summary>Creates <c>os-spin</c> (test-and-test-and-set locks).</summary>
    public OsSpinWorkloadRuntime(int cores)
        : this(cores, SpinLockKind.TestAndTestAndSet)
    {
    }

    /// <summary>Creates <c>os-spin</c> or, with <see cref="SpinLockKind.Ticket"/>, <c>os-spin-ticket</c>.</summary>
    public OsSpinWorkloadRuntime(int cores, SpinLockKind kind)
        : base(cores)
    {
        _kind = kind;
    }

    /// <inheritdoc/>
    public override string Name => _kind == SpinLockKind.Ticket ? "os-spin-ticket" : "os-spin";

    /// <inheritdoc/>
    protected override string Family
        => (_kind == SpinLockKind.Ticket ? "ticket lock (FIFO, proportional backoff)" : "test-and-test-and-set lock (exponential backoff)")
        + $", spinning rwlock, spin on a sequence word, spin-guarded queue, spin-flag reply; spinners yield after {SpinBackoff.YieldAfter} backoff rounds";

    /// <inheritdoc/>
    public override RtLock CreateLock(string name)
        => new OsRtLock(name, _kind == SpinLockKind.Ticket ? new TicketSpinLock() : new TtasSpinLock());

    /// <inheritdoc/>
    public override RtRwLock CreateRwLock(string name) => new OsRtRwLock(new SpinRwLock());

    /// <inheritdoc/>
    public override RtEvent CreateEvent() => new OsRtEvent(new SpinSequence());

    /// <inheritdoc/>
    public override RtPort CreatePort() => new OsRtPort(new SpinQueue<OsRtMessage>(), static () => new SpinCompletion());
}
