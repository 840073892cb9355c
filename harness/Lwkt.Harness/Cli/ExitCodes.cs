namespace Lwkt.Harness.Cli;

/// <summary>The exit codes of <c>lwkt-bench</c> (a contract for scripts and CI).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>
    /// The command ran to the end but reports a failure: a regression (<c>compare --fail-on-regression</c>), or a
    /// <c>run</c> with cells that are <c>crashed</c>, <c>timeout</c> or <c>invalid</c> (their rows are written).
    /// </summary>
    public const int Failure = 1;

    /// <summary>Bad input: unknown command, name or option; malformed value; unreadable, unwritable or malformed file.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT); finished work was kept.</summary>
    public const int Interrupted = 130;

    /// <summary>An unexpected internal error (a bug): one line on stderr, the full exception with <c>LWKT_DEBUG=1</c>.</summary>
    public const int InternalError = 70;
}
