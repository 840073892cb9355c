using System.CommandLine;
using System.CommandLine.Parsing;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Commands;
using Lwkt.Harness.Results;

namespace Lwkt.Harness;

/// <summary>
/// The <c>lwkt-bench</c> entry point: builds the command tree and maps every kind of bad input to one line on
/// stderr and exit code 2 (<see cref="ExitCodes"/>).
/// </summary>
public static class Program
{
    /// <summary>Set to 1 to print the full exception of an internal error.</summary>
    public const string DebugVariable = "LWKT_DEBUG";

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand(
            "lwkt-bench: benchmarks DragonFly-style LWKT M:N threads against OS-thread baselines (see README.md).");
        Command[] commands =
        [
            ListCommand.Create(),
            RunCommand.Create(),
            MergeCommand.Create(),
            CompareCommand.Create(),
            ReportCommand.Create(),
            TraceCommand.Create(),
            TortureCommand.Create(),
            MicroCommand.Create(),
        ];
        foreach (Command command in commands)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        ParseResult parse = CreateRootCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // An unknown word says more than the "required command" error it also causes: report it first.
            ParseError first = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains(t, StringComparison.Ordinal)))
                ?? parse.Errors[0];
            error.WriteLine($"lwkt-bench: {first.Message} (see lwkt-bench --help)");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,

                // run handles Ctrl-C itself: it must kill the child and write the summary, however long that takes.
                ProcessTerminationTimeout = null,
            });
        }
        catch (UsageException ex)
        {
            error.WriteLine($"lwkt-bench: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (ResultsFormatException ex)
        {
            error.WriteLine($"lwkt-bench: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            error.WriteLine($"lwkt-bench: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error.WriteLine($"lwkt-bench: internal error: {ex.GetType().Name}: {ex.Message}");
            if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
            {
                error.WriteLine(ex);
            }

            return ExitCodes.InternalError;
        }
    }

    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);
}
