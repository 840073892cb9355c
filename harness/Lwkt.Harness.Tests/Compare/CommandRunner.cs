using System.CommandLine;

namespace Lwkt.Harness.Tests.Compare;

/// <summary>Runs a command's real parse and action with stdout and stderr captured.</summary>
internal static class CommandRunner
{
    public static (int ExitCode, string Output, string Error) Run(Command command, params string[] args)
    {
        ParseResult parsed = command.Parse(args);
        Assert.Empty(parsed.Errors);
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
