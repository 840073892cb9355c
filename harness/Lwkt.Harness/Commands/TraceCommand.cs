using System.CommandLine;
using System.Globalization;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Tracing;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>lwkt-bench trace summary FILE [--top N]</c>, <c>lwkt-bench trace convert FILE --format chrome|speedscope [--out F]</c>
/// and <c>lwkt-bench trace diff BASE NEW [--format table|markdown|json]</c>: read <c>.nettrace</c> files written by
/// <c>run --trace</c> (docs/architecture.md, Traces; README, Chasing a regression). A missing, corrupt or unfit file (no samples,
/// another workload) is one line on stderr and exit code 2 (<see cref="CliRunner"/>).
/// </summary>
public static class TraceCommand
{
    /// <summary>The formats of <c>trace convert</c>.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["chrome", "speedscope"];

    /// <summary>Creates the <c>trace</c> command with its three subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("trace", "Read a .nettrace written by run --trace: summary, convert to a timeline or a profile, or diff two.");
        command.Subcommands.Add(CreateSummary());
        command.Subcommands.Add(CreateConvert());
        command.Subcommands.Add(CreateDiff());
        return command;
    }

    private static Command CreateSummary()
    {
        var file = new Argument<string>("FILE") { Description = "A .nettrace file (results/runs/<run>/traces/<cell>.nettrace)." };
        Option<int?> top = TypedOption.Integer("--top", "Hot frames listed per thread kind, by exclusive and by inclusive share.", 1);
        var command = new Command("summary", "Counts and durations per event kind, contention per lock and token, GC pauses, "
            + "per virtual CPU the LWKT switches, IPIs, token collisions and migrations, and the hot frames per thread kind; "
            + "per operation when the trace's results row is next to it.")
        {
            file, top,
        };
        command.SetAction(parseResult =>
        {
            TraceSummaryWriter.Write(
                TraceSummary.Read(parseResult.GetValue(file)!), parseResult.InvocationConfiguration.Output,
                parseResult.GetValue(top) ?? TraceSummaryWriter.DefaultTopFrames);
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

    private static Command CreateDiff()
    {
        var baseFile = new Argument<string>("BASE") { Description = "The base .nettrace (recorded with --trace cpu|full)." };
        var newFile = new Argument<string>("NEW") { Description = "The new .nettrace of the same workload." };
        Option<string?> format = TypedOption.Choice<string>(
            "--format", "table: aligned text (default); markdown: for a CI job summary; json: one object, raw numbers.",
            [.. TraceDiffWriter.Formats.Select(f => (f, f))]);
        Option<double?> minShare = TypedOption.Number(
            "--min-share-change", "Hide frames whose exclusive and inclusive shares both moved less than this many percentage points (default 2).", 0, 100);
        Option<double?> minRate = TypedOption.Number(
            "--min-rate-change", "Hide counts (per op) that changed by less than this many percent (default 10).", 0, 1e6);
        Option<int?> top = TypedOption.Integer("--top", "Frames listed (default 10).", 1);
        var command = new Command("diff", "Two traces of one cell side by side: counts per operation (switches, IPIs, token collisions, "
            + "contention per lock and token, GC, suspensions, every event kind) and the frames that appeared, vanished or moved most.")
        {
            baseFile, newFile, format, minShare, minRate, top,
        };
        command.SetAction(parseResult =>
        {
            TraceSummary before = TraceSummary.Read(parseResult.GetValue(baseFile)!);
            TraceSummary after = TraceSummary.Read(parseResult.GetValue(newFile)!);
            TraceDiff diff = TraceDiff.Compare(
                before, after,
                (parseResult.GetValue(minShare) ?? (TraceDiff.DefaultMinShareChange * 100)) / 100,
                (parseResult.GetValue(minRate) ?? (TraceDiff.DefaultMinRateChange * 100)) / 100,
                parseResult.GetValue(top) ?? TraceDiff.DefaultTopFrames);
            TraceDiffWriter.Write(diff, parseResult.GetValue(format) ?? "table", parseResult.InvocationConfiguration.Output);
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
