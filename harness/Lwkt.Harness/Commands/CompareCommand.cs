using System.CommandLine;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Compare;
using Lwkt.Harness.Results;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>lwkt-bench compare BASE NEW</c>: the statistical comparison of two result sets (docs/measurement.md). Exit codes
/// (<see cref="ExitCodes"/>): 0 done, 1 a regression with <c>--fail-on-regression</c> (or an Unsure cell with
/// <c>--fail-on-unsure</c>), 2 bad input (one line on stderr,
/// <see cref="CliRunner"/>).
/// </summary>
public static class CompareCommand
{
    /// <summary>Creates the <c>compare</c> command with its arguments, options and action.</summary>
    public static Command Create()
    {
        var baseArgument = new Argument<string>("BASE")
        {
            Description = "Baseline results: a run folder or a results.csv.",
        };
        var newArgument = new Argument<string>("NEW")
        {
            Description = "Results to check against the baseline: a run folder or a results.csv.",
        };
        var metricOption = TypedOption.Choice<Metric>(
            "--metric", "Column to compare: " + string.Join(", ", Metric.Compared.Select(m => m.Name)) + ".", [.. Metric.Compared.Select(m => (m.Name, m))]);
        metricOption.DefaultValueFactory = _ => Metric.OpsPerSecond;
        var thresholdOption = TypedOption.Create<double?>(
            "--threshold",
            "Relative threshold, e.g. 5% (a bare number is a percentage): Same needs the shift's CI within it.",
            "PERCENT",
            text => ValueParsers.ParsePercentage(text, "--threshold"));
        thresholdOption.DefaultValueFactory = _ => CompareOptions.DefaultThresholdPercent;
        var noiseOption = TypedOption.Number(
            "--noise",
            "Absolute change below which a cell is Same, in the metric's units (default per metric: 1 ops/s, 0.3 ns/op, 50 ns latency, ...).",
            0,
            double.MaxValue);
        var minIterationsOption = TypedOption.Integer("--min-iterations", "Fewest iterations per side for a verdict; fewer gives 'insufficient data'.", 2);
        minIterationsOption.DefaultValueFactory = _ => CompareOptions.DefaultMinIterations;
        var alphaOption = TypedOption.Number("--alpha", "Significance level of each one-sided Mann-Whitney test.", 0, 0.5, minExclusive: true);
        alphaOption.DefaultValueFactory = _ => CompareOptions.DefaultAlpha;
        var formatOption = TypedOption.Choice<ICompareWriter>(
            "--format", "Output format: " + string.Join("|", CompareWriters.All.Select(w => w.Name)) + ".", [.. CompareWriters.All.Select(w => (w.Name, w))]);
        formatOption.DefaultValueFactory = _ => CompareWriters.All[0];
        var failOption = new Option<bool>("--fail-on-regression")
        {
            Description = "Exit with code 1 when any cell is Slower.",
        };
        var failUnsureOption = new Option<bool>("--fail-on-unsure")
        {
            Description = "Exit with code 1 when any cell is Unsure (the data can neither show a change nor rule one out).",
        };
        var command = new Command("compare", "Compare two result sets cell by cell: median ratio, Hodges-Lehmann shift "
            + "with CI, and a Faster/Slower verdict from a Mann-Whitney equivalence test against a relative "
            + "threshold and an absolute noise floor; Same only when the shift's CI lies inside that band, else Unsure.")
        {
            baseArgument, newArgument, metricOption, thresholdOption, noiseOption, minIterationsOption, alphaOption,
            formatOption, failOption, failUnsureOption,
        };

        command.SetAction(parseResult =>
        {
            Metric metric = parseResult.GetValue(metricOption)!;
            var options = new CompareOptions(
                metric,
                parseResult.GetValue(thresholdOption)!.Value,
                parseResult.GetValue(noiseOption) ?? metric.NoiseFloor ?? 0,
                parseResult.GetValue(minIterationsOption)!.Value,
                parseResult.GetValue(alphaOption)!.Value);
            string basePath = parseResult.GetValue(baseArgument)!;
            string newPath = parseResult.GetValue(newArgument)!;
            ComparisonReport report = ResultSetComparer.Compare(ReadRows(basePath), ReadRows(newPath), options, basePath, newPath);
            parseResult.GetValue(formatOption)!.Write(report, parseResult.InvocationConfiguration.Output);
            if (!report.Cells.Any(c => c.Outcome == CellOutcome.Compared))
            {
                parseResult.InvocationConfiguration.Error.WriteLine(
                    "lwkt-bench compare: warning: no cell could be compared (no key in common with ok rows).");
            }

            bool fail = (report.HasRegression && parseResult.GetValue(failOption))
                || (report.HasUnsure && parseResult.GetValue(failUnsureOption));
            return fail ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    private static IReadOnlyList<ResultRow> ReadRows(string path)
    {
        IReadOnlyList<ResultRow> rows = ResultsFile.Read(path);
        return rows.Count > 0 ? rows : throw new UsageException($"{path}: the file has a header but no rows.");
    }
}
