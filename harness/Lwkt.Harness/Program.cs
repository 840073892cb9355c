using System.CommandLine;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Commands;

namespace Lwkt.Harness;

/// <summary>
/// The <c>lwkt-bench</c> entry point: builds the command tree; <see cref="CliRunner"/> runs it and maps every kind
/// of bad input to one line on stderr and exit code 2 (<see cref="ExitCodes"/>).
/// </summary>
public static class Program
{
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
            FloorCommand.Create(),
        ];
        foreach (Command command in commands)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (<see cref="CliRunner"/>).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        CliRunner.Invoke(CreateRootCommand(), args, output, error);

    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);
}
