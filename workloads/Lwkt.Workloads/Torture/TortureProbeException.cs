namespace Lwkt.Workloads.Torture;

/// <summary>
/// Thrown on purpose inside a critical section (or by a thread that dies holding a token) to check that the lock is
/// released on the exception path. The torture catches exactly this type; anything else is a failure.
/// </summary>
public sealed class TortureProbeException : Exception
{
    /// <summary>Creates the probe.</summary>
    public TortureProbeException()
        : base("torture: exception thrown on purpose inside a critical section")
    {
    }

    /// <summary>Creates the probe with a message.</summary>
    public TortureProbeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the probe with a message and a cause.</summary>
    public TortureProbeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
