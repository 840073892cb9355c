namespace Lwkt.Harness.Results;

/// <summary>
/// A results file that cannot be read as the schema says: missing, empty, a missing column, a value of the wrong
/// type. The message names the file and the problem in one line; the CLI prints it and exits with code 2.
/// </summary>
public sealed class ResultsFormatException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ResultsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and the parser's exception.</summary>
    public ResultsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ResultsFormatException()
        : base("The results file is malformed.")
    {
    }
}
