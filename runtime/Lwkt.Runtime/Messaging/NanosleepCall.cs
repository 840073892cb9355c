using Lwkt.Runtime.IoUring;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A sleep until an absolute CLOCK_MONOTONIC deadline (nanoseconds, <see cref="SysPort.NowNanoseconds"/>): sent from a
/// worker, a timer on that CPU (<see cref="SysPortTimers"/>); otherwise an IORING_OP_TIMEOUT with IORING_TIMEOUT_ABS on
/// a ring (a kernel hrtimer; no thread sleeps), or a futex wait with that deadline on a fallback thread. An aborted
/// sleep replies <see cref="MessageError.Aborted"/> on all three.
/// </summary>
public sealed class NanosleepCall(long deadlineNanoseconds) : KernelCall
{
    /// <summary>The absolute CLOCK_MONOTONIC deadline in nanoseconds; change it only while the message is yours (done).</summary>
    public long Deadline { get; set; } = deadlineNanoseconds;

    internal override unsafe void Prepare(Sqe* sqe, KernelTimespec* scratch)
    {
        *scratch = KernelTimespec.FromNanoseconds(Deadline);
        sqe->Opcode = IoUringOp.Timeout;
        sqe->Fd = -1;
        sqe->Addr = (ulong)scratch;
        sqe->Len = 1;
        sqe->Off = 0; // no completion count: a pure timer
        sqe->OpFlags = (uint)IoUringTimeoutFlags.Absolute;
    }

    private protected override long RunBlocking() => SysPortThreads.SleepUntil(Deadline);

    /// <summary>A timeout that expired completes with -ETIME: the sleep is done.</summary>
    private protected override long Normalize(long result) => result == -Kernel.Etime ? 0 : result;
}
