using System.CommandLine;
using System.CommandLine.Parsing;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Cli;

/// <summary>
/// Parses and invokes a command, and is the one place that turns failures into exit codes and messages. Bad input —
/// a parse error (unknown command or option, a malformed value rejected by a <see cref="TypedOption"/>), a
/// <see cref="UsageException"/>, a malformed results file, a file that is missing or cannot be read or written — is
/// one line on stderr and exit code 2;
/// anything else is an internal error, exit code 70, with the full exception only under <see cref="DebugVariable"/>.
/// Every line has the form <c>lwkt-bench COMMAND: message</c> (<c>lwkt-bench: message</c> at the root).
/// </summary>
public static class CliRunner
{
    /// <summary>Set to 1 to print the full exception of an internal error.</summary>
    public const string DebugVariable = "LWKT_DEBUG";

    /// <summary>Parses <paramref name="args"/> for <paramref name="command"/>, runs it and returns the exit code.</summary>
    public static int Invoke(Command command, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(error);
        ParseResult parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // An unknown word says more than the "required command" error it also causes: report it first.
            ParseError first = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains(t, StringComparison.Ordinal)))
                ?? parse.Errors[0];
            return Usage(error, parse, first.Message);
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,

                // run and torture handle Ctrl-C themselves: they must stop the child and write what finished.
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception ex) when (ex is UsageException or ResultsFormatException or IOException or UnauthorizedAccessException)
        {
            return Usage(error, parse, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error.WriteLine($"{Prefix(parse)}: internal error: {ex.GetType().Name}: {ex.Message}");
            if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
            {
                error.WriteLine(ex);
            }

            return ExitCodes.InternalError;
        }
    }

    private static int Usage(TextWriter error, ParseResult parse, string message)
    {
        error.WriteLine($"{Prefix(parse)}: {message}");
        return ExitCodes.Usage;
    }

    /// <summary><c>lwkt-bench</c> and the path of the command that was parsed, without the root.</summary>
    private static string Prefix(ParseResult parse)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = parse.CommandResult; r is not null; r = r.Parent)
        {
            if (r is CommandResult { Command: not RootCommand } c)
            {
                names.Push(c.Command.Name);
            }
        }

        return names.Count == 0 ? "lwkt-bench" : "lwkt-bench " + string.Join(' ', names);
    }
}
