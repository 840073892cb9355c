namespace Lwkt.Runtime.Messaging;

/// <summary>
/// Error numbers carried by <see cref="Message.Error"/> (BSD errno values, as the kernel's messages carry them) and
/// the put-port protocol's <see cref="Async"/>.
/// </summary>
public static class MessageError
{
    /// <summary>Success.</summary>
    public const int None = 0;

    /// <summary>No such entry: returned by <see cref="Message.Drop"/> when the message cannot be dropped (ENOENT).</summary>
    public const int NotFound = 2;

    /// <summary>An input/output error: a system call served by the <see cref="SysPort"/> threw (EIO).</summary>
    public const int IOError = 5;

    /// <summary>An argument the target rejects, e.g. a non-system-call message sent to the sysport (EINVAL).</summary>
    public const int InvalidArgument = 22;

    /// <summary>The request was aborted (ECONNABORTED); abort functions conventionally reply with it.</summary>
    public const int Aborted = 53;

    /// <summary>
    /// Returned by a put-port function that kept the message and will reply later (lwkt: EASYNC); any other value is
    /// a synchronous completion. Never stored in <see cref="Message.Error"/>.
    /// </summary>
    public const int Async = -1;
}
