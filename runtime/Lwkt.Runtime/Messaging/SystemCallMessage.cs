using System.Runtime.ExceptionServices;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A system call as a message (lwkt: the syscall argument structures that begin with an lwkt_msg): send it to a
/// <see cref="SysPort"/>, which runs <see cref="Execute"/> on one of its OS threads — never on a virtual CPU's worker
/// — and replies with its error. Derive from it for a custom blocking call, or use the <see cref="SysPort"/> helpers.
/// </summary>
public abstract class SystemCallMessage : Message
{
    /// <summary>The exception <see cref="Execute"/> threw, if any; the reply's error is then <see cref="MessageError.IOError"/>.</summary>
    public Exception? Exception { get; internal set; }

    /// <summary>
    /// Performs the call on a sysport thread, where blocking is allowed, and returns the error number to reply with
    /// (<see cref="MessageError.None"/> on success); a result goes in <see cref="Message.Result"/> or a field of the
    /// derived type. It must not reply by itself: the sysport replies exactly once when it returns or throws.
    /// </summary>
    protected abstract int Execute();

    /// <summary>Runs <see cref="Execute"/>; called by the sysport's threads only.</summary>
    internal int Invoke() => Execute();

    /// <summary>After the reply: rethrows what <see cref="Execute"/> threw, with its original stack.</summary>
    public void ThrowIfFailed()
    {
        if (Exception is Exception e)
        {
            ExceptionDispatchInfo.Throw(e);
        }
    }
}
