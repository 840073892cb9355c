using System.Diagnostics;

namespace Lwkt.Harness.Tests.Ci;

/// <summary>Runs a real <c>bash</c> in the repository root and captures its exit code, stdout and stderr.</summary>
internal static class Shell
{
    /// <summary>The repository root (the folder with the solution file).</summary>
    public static string Root { get; } = RepositoryPaths.FindRootFrom(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("the tests run outside the repository");

    /// <summary>A file of the repository by its path relative to the root.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>
    /// Runs <c>bash ARGS</c> in the root with <paramref name="environment"/> added (a null value removes a variable);
    /// kills the process tree after <paramref name="timeout"/> and fails.
    /// </summary>
    public static Result Bash(IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The scripts must not see the test host's own GitHub summary file or a stress/test switch meant for it.
        start.Environment.Remove("GITHUB_STEP_SUMMARY");
        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"bash {string.Join(' ', args)} ran over {timeout}: {stdout.Result}\n{stderr.Result}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>What a finished process left.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Both streams, for assertion messages.</summary>
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }
}
