namespace Lwkt.Runtime.Messaging;

/// <summary>How a runtime's <see cref="SysPort"/> serves system calls.</summary>
public enum SysPortBackend
{
    /// <summary>
    /// Each virtual CPU's own io_uring: kernel calls are requests on the sender's CPU's ring, reaped by its worker;
    /// parked CPUs wait in the ring. Arbitrary blocking delegates still go to fallback threads.
    /// </summary>
    IoUring,

    /// <summary>Dedicated OS threads parked on futexes block in every call (where io_uring is missing or forbidden).</summary>
    Threads,
}
