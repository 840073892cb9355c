using Lwkt.Runtime.IoUring;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A system call the sysport can hand to the kernel as an io_uring request (a sleep, pread, pwrite, fsync, open,
/// close), or make synchronously on a fallback thread where the ring is not available. Both forms reply the same:
/// <see cref="Message.Result"/> holds the call's result, the reply's error is the errno of a failure.
/// </summary>
public abstract class KernelCall : SystemCallMessage
{
    /// <summary><see cref="_slot"/>: not held by a ring.</summary>
    internal const int NotInRing = -1;

    /// <summary><see cref="_slot"/>: waiting in a ring's backlog for a free slot.</summary>
    internal const int InBacklog = -2;

    /// <summary><see cref="_slot"/>: a sleep armed on its CPU's timer heap (<see cref="SysPortTimers"/>).</summary>
    internal const int OnCpuTimer = -3;

    /// <summary>The ring slot this send occupies, or <see cref="NotInRing"/>/<see cref="InBacklog"/>/<see cref="OnCpuTimer"/>.
    /// Serving worker only.</summary>
    internal int _slot = NotInRing;

    /// <summary>An ASYNC_CANCEL for this send was submitted (one is enough). Ring worker only.</summary>
    internal bool _cancelRequested;

    private protected KernelCall()
    {
    }

    /// <summary>
    /// Fills <paramref name="sqe"/> (all but user_data) and takes what must stay put until <see cref="Complete"/>: pinned
    /// buffers, handle references, a native path. <paramref name="scratch"/> is 16 bytes of native memory owned by the
    /// request until then (a timeout's timespec). Caller: the ring's worker.
    /// </summary>
    internal abstract unsafe void Prepare(Sqe* sqe, KernelTimespec* scratch);

    /// <summary>The same call made on the calling (fallback) OS thread: blocks; returns the result or -errno.</summary>
    private protected abstract long RunBlocking();

    /// <summary>Releases what <see cref="Prepare"/> or <see cref="RunBlocking"/> took.</summary>
    private protected virtual void ReleaseResources()
    {
    }

    /// <summary>Maps a raw kernel result to the call's own (a timeout's -ETIME is a sleep that completed).</summary>
    private protected virtual long Normalize(long result) => result;

    /// <summary>
    /// Settles the kernel's <paramref name="result"/>: releases resources, sets <see cref="Message.Result"/>, and returns
    /// the reply's error (0, the errno, or <see cref="MessageError.Aborted"/> for a cancelled request).
    /// </summary>
    internal int Complete(long result)
    {
        ReleaseResources();
        result = Normalize(result);
        if (result < 0)
        {
            int errno = (int)-result;
            return errno == Kernel.Ecanceled ? MessageError.Aborted : errno;
        }

        Result = result;
        return MessageError.None;
    }

    /// <inheritdoc/>
    protected sealed override int Execute() => Complete(RunBlocking());
}
