using System.CommandLine;
using System.Globalization;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Report;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>lwkt-bench report RESULTS [--out DIR]</c>: charts (PNG and SVG), <c>report.md</c> and the USL model of a result
/// set. Exit codes (<see cref="ExitCodes"/>): 0 written, 2 bad input or an output folder that cannot be
/// written.
/// </summary>
public static class ReportCommand
{
    /// <summary>Creates the <c>report</c> command with its argument, option and action.</summary>
    public static Command Create()
    {
        var resultsArgument = new Argument<string>("RESULTS")
        {
            Description = "A run folder or a results.csv.",
        };
        var outOption = new Option<string?>("--out")
        {
            Description = "Folder for report.md and the charts (default: report/ beside the results.csv).",
        };

        var command = new Command("report", "Write PNG/SVG charts (throughput vs cores and threads, latency percentiles), "
            + "report.md with a summary table, and a Universal Scalability Law fit over cores (over threads where fewer than 3 core counts were measured) extrapolated to N = 16, 64, 256.")
        {
            resultsArgument, outOption,
        };

        command.SetAction(parseResult =>
        {
            string source = parseResult.GetValue(resultsArgument)!;
            IReadOnlyList<ResultRow> rows = ResultsFile.Read(source);
            if (rows.Count == 0)
            {
                throw new UsageException($"{source}: the file has a header but no rows.");
            }

            string outputDirectory = parseResult.GetValue(outOption) ?? DefaultOutput(source);
            IReadOnlyList<string> written;
            try
            {
                written = ReportGenerator.Write(rows, outputDirectory, source);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write the report: {ex.Message}", ex);
            }

            parseResult.InvocationConfiguration.Output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {written[0]} and {(written.Count - 1) / 2} chart(s) (PNG + SVG) to {outputDirectory}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>report/</c> beside the results file, as in the run folder layout of docs/architecture.md.</summary>
    private static string DefaultOutput(string source)
    {
        string folder = Directory.Exists(source) ? source : Path.GetDirectoryName(Path.GetFullPath(source))!;
        return Path.Combine(folder, "report");
    }
}
