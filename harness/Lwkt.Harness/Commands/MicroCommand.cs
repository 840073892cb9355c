using System.CommandLine;
using System.Diagnostics;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>micro [--out DIR] [--ci] [--trace] [BenchmarkDotNet arguments]</c>: runs the BenchmarkDotNet suite
/// (<c>harness/Lwkt.Micro</c>, docs/architecture.md) as a child process with the arguments passed through, its artifacts (CSV, full
/// JSON, Markdown, logs, traces) under the run folder's <c>micro/</c>. The exit code is the child's: 0 when every
/// benchmark ran, 1 when one failed, 2 when the arguments were rejected or the filter matched nothing.
/// </summary>
public static class MicroCommand
{
    /// <summary>Environment variable naming the built <c>Lwkt.Micro.dll</c> explicitly (overrides the search).</summary>
    public const string MicroDllVariable = "LWKT_MICRO_DLL";

    /// <summary>The suite's assembly file name.</summary>
    public const string MicroDllName = "Lwkt.Micro.dll";

    /// <summary>The folder of the run folder that receives BenchmarkDotNet's artifacts.</summary>
    public const string ArtifactsFolder = "micro";

    private static readonly Option<string> s_out = new("--out") { Description = "run folder (default: results/runs/<run-id>); artifacts go to its micro/ folder", HelpName = "DIR" };
    private static readonly Option<bool> s_ci = new("--ci") { Description = "the CI job: 1 launch, 2 warm-up and 5 measured iterations of 200 ms (wins over --job)" };
    private static readonly Option<bool> s_trace = new("--trace") { Description = "an EventPipe trace per benchmark (CPU samples + Lwkt-Runtime events), taken in an extra run" };
    private static readonly Argument<string[]> s_arguments = new("benchmark-arguments")
    {
        Description = "passed to BenchmarkDotNet: --filter '*' --job short, --list flat, --anyCategories lwkt, -p EP, --join... (lwkt-bench micro -- --help lists them)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("micro", "Run the BenchmarkDotNet micro-benchmarks of the primitives on every runtime (CSV and JSON under the run folder).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(s_out);
        command.Options.Add(s_ci);
        command.Options.Add(s_trace);
        command.Arguments.Add(s_arguments);
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parseResult)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        List<string> arguments = [.. parseResult.GetValue(s_arguments) ?? [], .. parseResult.UnmatchedTokens];
        string? outFolder = parseResult.GetValue(s_out);
        bool ownArtifacts = arguments.Any(a => a is "-a" or "--artifacts" || a.StartsWith("--artifacts=", StringComparison.Ordinal));
        if (ownArtifacts && outFolder is not null)
        {
            throw new UsageException("micro: give either --out DIR or BenchmarkDotNet's --artifacts DIR, not both");
        }

        if (parseResult.GetValue(s_ci))
        {
            arguments.Add("--ci");
        }

        if (parseResult.GetValue(s_trace))
        {
            arguments.Add("--trace");
        }

        string microDll = FindMicroDll();
        string? runFolder = null;
        string? artifacts = null;
        bool createdRunFolder = false;
        if (!ownArtifacts)
        {
            runFolder = outFolder is null
                ? Path.Combine(RepositoryPaths.DefaultRunsFolder(), BenchmarkRunner.NewRunId())
                : Path.GetFullPath(outFolder);
            if (File.Exists(runFolder))
            {
                throw new UsageException($"--out {outFolder}: is a file, not a folder");
            }

            createdRunFolder = !Directory.Exists(runFolder);
            artifacts = Path.Combine(runFolder, ArtifactsFolder);
            Directory.CreateDirectory(artifacts);
            arguments.Add("--artifacts");
            arguments.Add(artifacts);
        }

        int exitCode = RunChild(microDll, arguments, output, error);
        if (artifacts is not null)
        {
            if (Directory.EnumerateFileSystemEntries(artifacts).Any())
            {
                output.WriteLine($"micro: artifacts in {artifacts} (CSV and JSON in its results/ folder)");
            }
            else
            {
                // Nothing ran (a list, a help text, rejected arguments): leave no empty run folder behind.
                Directory.Delete(artifacts);
                if (createdRunFolder && !Directory.EnumerateFileSystemEntries(runFolder!).Any())
                {
                    Directory.Delete(runFolder!);
                }
            }
        }

        return exitCode;
    }

    /// <summary>
    /// Runs <c>dotnet Lwkt.Micro.dll</c> in the repository root (BenchmarkDotNet finds the suite's project from there
    /// to build the child it measures in) and copies its output line by line.
    /// </summary>
    private static int RunChild(string microDll, IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        var start = new ProcessStartInfo(HostLocator.DotnetExecutable())
        {
            WorkingDirectory = RepositoryPaths.FindRootFrom(microDll) ?? RepositoryPaths.FindRoot() ?? Directory.GetCurrentDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(microDll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The writers need not be thread-safe; the two pipes are read on two threads.
        var gate = new object();
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        child.OutputDataReceived += (_, e) => Copy(e.Data, output);
        child.ErrorDataReceived += (_, e) => Copy(e.Data, error);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        child.WaitForExit();
        return child.ExitCode;

        void Copy(string? line, TextWriter target)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                target.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// The built suite: <see cref="MicroDllVariable"/>, else <c>harness/Lwkt.Micro/bin/&lt;configuration&gt;/&lt;tfm&gt;/</c>
    /// in the repository (the harness's configuration first; building the harness builds it), else beside the harness.
    /// </summary>
    /// <exception cref="UsageException">Not found: the message says how to build it.</exception>
    private static string FindMicroDll() => HostLocator.FindBuiltDll(
        MicroDllVariable, Path.Combine("harness", "Lwkt.Micro"), MicroDllName, "'dotnet build harness/Lwkt.Harness -c Release'");
}
