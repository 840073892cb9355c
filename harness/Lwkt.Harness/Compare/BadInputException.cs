namespace Lwkt.Harness.Compare;

/// <summary>
/// A command-line value that cannot be used (unknown metric, malformed threshold). The command prints the message as
/// one line on stderr and exits with code 2; it never escapes a command's action.
/// </summary>
public sealed class BadInputException : Exception
{
    /// <summary>Creates the exception with a one-line message naming the option and the problem.</summary>
    public BadInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public BadInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public BadInputException()
        : base("Bad input.")
    {
    }
}
