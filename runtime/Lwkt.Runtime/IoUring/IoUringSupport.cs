namespace Lwkt.Runtime.IoUring;

/// <summary>
/// Whether this process may use io_uring the way the sysport needs it, checked once: a ring set up with the sysport's
/// flags (single issuer, deferred task work) and the features it relies on, and IORING_OP_FUTEX_WAIT (Linux 6.7) for
/// the idle loop's one wait. Seccomp filters (containers), <c>kernel.io_uring_disabled</c> and older kernels fail here.
/// </summary>
internal static class IoUringSupport
{
    private static readonly Lazy<string?> s_failure = new(Probe);

    /// <summary>Null when io_uring is usable; otherwise why not, in words.</summary>
    public static string? Failure => s_failure.Value;

    private static string? Probe()
    {
        using Ring? ring = Ring.TryCreate(4, 8, out string? failure);
        if (ring is null)
        {
            return failure;
        }

        return ring.Supports(IoUringOp.FutexWait) ? null : "the kernel lacks IORING_OP_FUTEX_WAIT (Linux 6.7)";
    }
}
