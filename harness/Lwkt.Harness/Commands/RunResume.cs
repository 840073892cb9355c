using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Results;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>run --resume --out DIR</c>: completes the interrupted run in DIR with that run's own options, read back from the
/// command line its <c>env.json</c> recorded, so one <c>results.csv</c> never mixes two matrices. An option given again
/// must agree with the recorded one; one that contradicts it is refused (exit 2, one line naming both values).
/// </summary>
internal static class RunResume
{
    /// <summary>The options that decide the matrix or its measurement, each as a comparable text of the parsed value.</summary>
    private static readonly (string Option, Func<RunOptions, string> Value)[] s_compared =
    [
        ("--suite", o => o.Suite),
        ("--workloads", o => Join(o.Workloads)),
        ("--runtimes", o => Join(o.Runtimes)),
        ("--cores", o => Cores(o.Cores)),
        ("--threads", o => o.Threads is null ? "default" : string.Join(',', o.Threads)),
        ("--param", o => string.Join(' ', o.Params)),
        ("--duration", o => o.Duration?.ToString("c", CultureInfo.InvariantCulture) ?? "default"),
        ("--warmup", o => o.Warmup?.ToString(CultureInfo.InvariantCulture) ?? "default"),
        ("--iterations", o => o.Iterations?.ToString(CultureInfo.InvariantCulture) ?? "default"),
        ("--trace", o => o.Trace.ToString().ToLowerInvariant()),
        ("--trace-window", o => o.TraceWindow?.Trim().ToLowerInvariant() ?? "all"),
        ("--shard", o => o.Shard is { } s ? $"{s.Index}/{s.Count}" : "none"),
        ("--seed", o => o.Seed.ToString(CultureInfo.InvariantCulture)),
        ("--timeout", o => o.Timeout?.ToString("c", CultureInfo.InvariantCulture) ?? "default"),
    ];

    /// <summary>
    /// The options of the run to complete: those recorded in <paramref name="given"/>'s <c>--out</c> folder, with the
    /// resume's folder and test-only settings. <paramref name="givenOptions"/> are the option names on the resume's own
    /// command line. Also returns the recorded command line, which the resumed run records again (a run interrupted
    /// twice resumes the same way).
    /// </summary>
    /// <exception cref="UsageException">No readable <c>env.json</c>, or a given option contradicts the recorded one.</exception>
    public static (RunOptions Options, IReadOnlyList<string> CommandLine) Apply(RunOptions given, IEnumerable<string> givenOptions)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(givenOptions);
        string folder = given.Out ?? throw new UsageException("--resume needs --out DIR: the folder of the run to complete");
        string envPath = Path.Combine(folder, RunEnvironmentFile.FileName);
        RunEnvironment? environment;
        try
        {
            environment = RunEnvironmentFile.Read(envPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new UsageException($"--resume: {envPath} cannot be read ({e.Message})", e);
        }

        if (environment is null)
        {
            throw new UsageException($"--resume: {folder} has no {RunEnvironmentFile.FileName}: it is not the folder of a run to complete");
        }

        RunOptions recorded = Recorded(environment.CommandLine, envPath);
        var named = givenOptions.ToHashSet(StringComparer.Ordinal);
        string[] differences =
        [
            .. s_compared
                .Where(c => named.Contains(c.Option) && c.Value(given) != c.Value(recorded))
                .Select(c => $"{c.Option} {c.Value(given)} (the run has {c.Value(recorded)})"),
        ];
        if (differences.Length > 0)
        {
            throw new UsageException(
                $"--resume: {string.Join("; ", differences)}: the options contradict the interrupted run's ({envPath}); resume with no options, or choose another --out");
        }

        RunOptions options = recorded with
        {
            Out = given.Out,
            Resume = true,
            ChildEnvironment = given.ChildEnvironment,
            ForceThreadAffinity = given.ForceThreadAffinity,
        };
        return (options, environment.CommandLine);
    }

    /// <summary>The options of the recorded <c>run</c> command line, read as the <c>run</c> command reads its own.</summary>
    private static RunOptions Recorded(IReadOnlyList<string> commandLine, string envPath)
    {
        ParseResult parse = Program.CreateRootCommand().Parse([.. commandLine]);
        if (parse.Errors.Count > 0 || parse.CommandResult.Command.Name != "run")
        {
            throw new UsageException($"--resume: {envPath} records '{string.Join(' ', commandLine)}', not a run command this version reads");
        }

        return RunCommand.ReadOptions(parse);
    }

    /// <summary>The option names on a parsed command line (<c>--seed</c>, ...).</summary>
    public static IEnumerable<string> OptionNames(ParseResult parse) =>
        parse.Tokens.Where(t => t.Type == TokenType.Option).Select(t => t.Value);

    private static string Join(IReadOnlyList<string>? names) => names is null ? "all" : string.Join(',', names);

    private static string Cores(CoreSelection? cores) => cores switch
    {
        null => "default",
        { Sweep: true } => "sweep",
        _ => string.Join(',', cores.Counts.Select(c => c.ToString(CultureInfo.InvariantCulture)).Concat(cores.All ? ["all"] : [])),
    };
}
