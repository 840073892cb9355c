using System.CommandLine;

namespace Lwkt.Harness.Tests.Compare;

/// <summary>Runs a command as the program does (<see cref="CliRunner"/>: parse, invoke, errors mapped), with stdout and stderr captured.</summary>
internal static class CommandRunner
{
    public static (int ExitCode, string Output, string Error) Run(Command command, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = CliRunner.Invoke(command, args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>lwkt-bench</c> itself in this process: <paramref name="args"/> as on its command line.</summary>
    public static (int ExitCode, string Output, string Error) Program(params string[] args) =>
        Run(Harness.Program.CreateRootCommand(), args);

    /// <summary>
    /// The bad-input contract of every command: exit code 2 (<see cref="ExitCodes.Usage"/>), nothing on stdout, and one
    /// line on stderr that says <paramref name="says"/>.
    /// </summary>
    public static void AssertUsageError((int ExitCode, string Output, string Error) result, string says)
    {
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains(says, result.Error, StringComparison.Ordinal);
    }
}
