using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A system call as a message (lwkt: the syscall argument structures that begin with an lwkt_msg): send it to a
/// <see cref="SysPort"/>, which serves it off the virtual CPUs — on the sender's CPU's io_uring for the kernel calls
/// (<see cref="KernelCall"/>), on a fallback OS thread for anything else — and replies exactly once with its error.
/// Derive from it for a custom blocking call, or use the <see cref="SysPort"/> helpers.
/// </summary>
/// <remarks>
/// <para>Errors: a reply carries 0, a Linux errno from the kernel (a failed call), <see cref="MessageError.IOError"/>
/// when <see cref="Execute"/> threw (kept in <see cref="Exception"/>), or <see cref="MessageError.Aborted"/> when an
/// abort won the race against the call's completion.</para>
/// <para>Abort (lwkt: lwkt_abortmsg): initialise with <see cref="InitAbortable(MessagePort)"/> and call
/// <see cref="Message.Abort"/> from any thread. A call not yet started is taken back and replied Aborted; a call in the
/// kernel is cancelled (io_uring ASYNC_CANCEL; on the fallback threads only sleeps can be interrupted) and replied
/// Aborted if the cancel won, normally if the call had finished. Either way exactly one reply.</para>
/// </remarks>
public abstract class SystemCallMessage : Message
{
    private static readonly Action<Message> s_abort = static m => ((SystemCallMessage)m).RequestAbort();

    /// <summary>Who serves this send now (a ring or the threads); the abort request goes there. Written at each put.</summary>
    internal volatile SysPortServer? _server;

    /// <summary>Fallback threads: the send's sequence number and phase, claimed with compare-and-swap (see SysPortThreads).</summary>
    internal long _claim;

    /// <summary>Fallback threads: the thread that runs (or last ran) this call, to interrupt a running sleep.</summary>
    internal SysPortThreads.Server? _runner;

    /// <summary>Counts the puts of this message, so a late abort or a stale queue entry never touches a later send.</summary>
    internal uint _sendSeq;

    /// <summary>The exception <see cref="Execute"/> threw, if any; the reply's error is then <see cref="MessageError.IOError"/>.</summary>
    public Exception? Exception { get; internal set; }

    /// <summary>
    /// Makes the call ready to send, abortable through its sysport (lwkt: lwkt_initmsg_abortable with the sysport's
    /// abort function); replies go to <paramref name="replyPort"/>.
    /// </summary>
    public void InitAbortable(MessagePort replyPort) => InitAbortable(replyPort, MessageFlags.None, s_abort);

    /// <summary>
    /// Performs the call on a sysport thread, where blocking is allowed, and returns the error number to reply with
    /// (<see cref="MessageError.None"/> on success); a result goes in <see cref="Message.Result"/> or a field of the
    /// derived type. It must not reply by itself: the sysport replies exactly once when it returns or throws.
    /// </summary>
    protected abstract int Execute();

    /// <summary>Runs <see cref="Execute"/>; called by the sysport's threads only.</summary>
    internal int Invoke() => Execute();

    /// <summary>The sysport's abort function: forwards the request to whoever serves the current send.</summary>
    private void RequestAbort() => _server?.Abort(this, Volatile.Read(ref _sendSeq));

    /// <summary>
    /// After the reply: rethrows what <see cref="Execute"/> threw, with its original stack;
    /// <see cref="OperationCanceledException"/> for an aborted call; an <see cref="IOException"/> naming the errno for a
    /// failed kernel call.
    /// </summary>
    public void ThrowIfFailed()
    {
        if (Exception is Exception e)
        {
            ExceptionDispatchInfo.Throw(e);
        }

        if (Error == MessageError.Aborted)
        {
            throw new OperationCanceledException("The system call was aborted.");
        }

        if (Error != MessageError.None)
        {
            throw new IOException($"{GetType().Name} failed: {Marshal.GetPInvokeErrorMessage(Error)} (errno {Error}).", Error);
        }
    }
}
