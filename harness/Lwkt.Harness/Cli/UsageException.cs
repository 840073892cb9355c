namespace Lwkt.Harness.Cli;

/// <summary>
/// Bad input from the user: an unknown name, a malformed value, a missing file. The message is one line that names
/// the problem; the CLI prints it on stderr and exits with <see cref="ExitCodes.Usage"/>, never with a stack trace.
/// </summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and the cause.</summary>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public UsageException()
        : base("invalid usage")
    {
    }
}
