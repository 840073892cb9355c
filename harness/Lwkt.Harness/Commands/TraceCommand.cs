using System.CommandLine;
using System.Globalization;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Tracing;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>lwkt-bench trace summary FILE</c> and <c>lwkt-bench trace convert FILE --format chrome|speedscope [--out F]</c>:
/// read a <c>.nettrace</c> written by <c>run --trace</c> (docs/architecture.md, Traces). A missing or corrupt file is one line on stderr and
/// exit code 2 (<see cref="CliRunner"/>).
/// </summary>
public static class TraceCommand
{
    /// <summary>The formats of <c>trace convert</c>.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["chrome", "speedscope"];

    /// <summary>Creates the <c>trace</c> command with its two subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("trace", "Read a .nettrace written by run --trace: summary, or convert to a timeline or a profile.");
        command.Subcommands.Add(CreateSummary());
        command.Subcommands.Add(CreateConvert());
        return command;
    }

    private static Command CreateSummary()
    {
        var file = new Argument<string>("FILE") { Description = "A .nettrace file (results/runs/<run>/traces/<cell>.nettrace)." };
        var command = new Command("summary", "Counts and durations per event kind, contention per lock and token, GC pauses, "
            + "and per virtual CPU the LWKT switches, IPIs, token collisions and migrations.")
        {
            file,
        };
        command.SetAction(parseResult =>
        {
            TraceSummaryWriter.Write(TraceSummary.Read(parseResult.GetValue(file)!), parseResult.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateConvert()
    {
        var file = new Argument<string>("FILE") { Description = "A .nettrace file." };
        Option<string?> format = TypedOption.Choice<string>(
            "--format", "chrome: Chrome/Perfetto timeline, one lane per virtual CPU; speedscope: the CPU samples' stacks.", [.. Formats.Select(f => (f, f))]);
        format.Required = true;
        var output = new Option<string>("--out") { Description = "Output file (default: FILE with .chrome.json or .speedscope.json).", HelpName = "F" };
        var command = new Command("convert", "Convert a .nettrace to a Chrome/Perfetto timeline or a speedscope profile.")
        {
            file, format, output,
        };
        command.SetAction(parseResult =>
        {
            string path = parseResult.GetValue(file)!;
            string kind = parseResult.GetValue(format)!;
            string target = parseResult.GetValue(output) ?? DefaultOutput(path, kind);
            TextWriter console = parseResult.InvocationConfiguration.Output;
            if (kind == "chrome")
            {
                long items = ChromeTimeline.Convert(path, target);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{target}: {items} slices and marks (open in ui.perfetto.dev or chrome://tracing)"));
            }
            else
            {
                int samples = SpeedscopeExport.Convert(path, target);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{target}: {samples} samples (open in speedscope.app)"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>FILE without its <c>.nettrace</c> extension, plus <c>.chrome.json</c> or <c>.speedscope.json</c>.</summary>
    public static string DefaultOutput(string tracePath, string format)
    {
        ArgumentNullException.ThrowIfNull(tracePath);
        string stem = tracePath.EndsWith(".nettrace", StringComparison.OrdinalIgnoreCase) ? tracePath[..^".nettrace".Length] : tracePath;
        return stem + "." + format + ".json";
    }
}
