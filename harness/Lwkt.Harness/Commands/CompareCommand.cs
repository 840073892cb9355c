using System.CommandLine;
using System.Globalization;
using Lwkt.Harness.Cli;
using Lwkt.Harness.Compare;
using Lwkt.Harness.Results;
using CompareOptions = Lwkt.Harness.Compare.CompareOptions;

namespace Lwkt.Harness.Commands;

/// <summary>
/// <c>lwkt-bench compare BASE NEW</c>: the statistical comparison of two result sets (docs/measurement.md). Exit codes
/// (<see cref="ExitCodes"/>): 0 done, 1 a regression with <c>--fail-on-regression</c>, 2 bad input (one line on stderr).
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
        var metricOption = new Option<string>("--metric")
        {
            Description = "Column to compare: " + string.Join(", ", Metric.All.Select(m => m.Name)) + ".",
            DefaultValueFactory = _ => Metric.OpsPerSecond.Name,
        };
        var thresholdOption = new Option<string>("--threshold")
        {
            Description = "Relative change below which a cell is Same, e.g. 5% (a bare number is a percentage).",
            DefaultValueFactory = _ => CompareOptions.DefaultThresholdPercent.ToString(CultureInfo.InvariantCulture) + "%",
        };
        var noiseOption = new Option<double?>("--noise")
        {
            Description = "Absolute change below which a cell is Same, in the metric's units "
                + "(default per metric: 1 ops/s, 0.3 ns/op, 50 ns latency, ...).",
        };
        var minIterationsOption = new Option<int>("--min-iterations")
        {
            Description = "Fewest iterations per side for a verdict; fewer gives 'insufficient data'.",
            DefaultValueFactory = _ => CompareOptions.DefaultMinIterations,
        };
        var alphaOption = new Option<double>("--alpha")
        {
            Description = "Significance level of each one-sided Mann-Whitney test.",
            DefaultValueFactory = _ => CompareOptions.DefaultAlpha,
        };
        var formatOption = new Option<string>("--format")
        {
            Description = "Output format: " + string.Join("|", CompareWriters.All.Select(w => w.Name)) + ".",
            DefaultValueFactory = _ => CompareWriters.All[0].Name,
        };
        var failOption = new Option<bool>("--fail-on-regression")
        {
            Description = "Exit with code 1 when any cell is Slower.",
        };

        var command = new Command("compare", "Compare two result sets cell by cell: median ratio, Hodges-Lehmann shift "
            + "with CI, and a Faster/Slower/Same verdict from a Mann-Whitney equivalence test against a relative "
            + "threshold and an absolute noise floor.")
        {
            baseArgument, newArgument, metricOption, thresholdOption, noiseOption, minIterationsOption, alphaOption,
            formatOption, failOption,
        };

        command.SetAction(parseResult =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            try
            {
                Metric metric = Metric.Find(parseResult.GetValue(metricOption)!)
                    ?? throw new UsageException(
                        $"--metric: unknown metric '{parseResult.GetValue(metricOption)}'; one of "
                        + string.Join(", ", Metric.All.Select(m => m.Name)) + ".");
                ICompareWriter writer = CompareWriters.Find(parseResult.GetValue(formatOption)!)
                    ?? throw new UsageException(
                        $"--format: unknown format '{parseResult.GetValue(formatOption)}'; one of "
                        + string.Join("|", CompareWriters.All.Select(w => w.Name)) + ".");
                var options = new CompareOptions(
                    metric,
                    ParseThreshold(parseResult.GetValue(thresholdOption)!),
                    parseResult.GetValue(noiseOption) ?? metric.DefaultNoise,
                    parseResult.GetValue(minIterationsOption),
                    parseResult.GetValue(alphaOption));
                Validate(options);

                string basePath = parseResult.GetValue(baseArgument)!;
                string newPath = parseResult.GetValue(newArgument)!;
                ComparisonReport report = ResultSetComparer.Compare(
                    ReadRows(basePath), ReadRows(newPath), options, basePath, newPath);
                writer.Write(report, output);

                if (!report.Cells.Any(c => c.Outcome == CellOutcome.Compared))
                {
                    error.WriteLine("lwkt-bench compare: warning: no cell could be compared (no key in common with ok rows).");
                }

                return report.HasRegression && parseResult.GetValue(failOption) ? ExitCodes.Failure : ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is UsageException or ResultsFormatException)
            {
                error.WriteLine($"lwkt-bench compare: {ex.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>Parses <c>5%</c>, <c>5 %</c> or <c>5</c> as 5 percent.</summary>
    private static double ParseThreshold(string text)
    {
        string trimmed = text.Trim().TrimEnd('%').TrimEnd();
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && double.IsFinite(value) && value >= 0
                ? value
                : throw new UsageException($"--threshold: '{text}' is not a non-negative percentage such as 5%.");
    }

    private static void Validate(CompareOptions options)
    {
        if (options.Noise < 0 || !double.IsFinite(options.Noise))
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture, $"--noise: {options.Noise} must be a non-negative number."));
        }

        if (options.MinIterations < 2)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture, $"--min-iterations: {options.MinIterations} must be at least 2."));
        }

        if (options.Alpha is <= 0 or > 0.5)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture, $"--alpha: {options.Alpha} must lie in (0, 0.5]."));
        }
    }

    private static IReadOnlyList<ResultRow> ReadRows(string path)
    {
        IReadOnlyList<ResultRow> rows = ResultsFile.Read(path);
        return rows.Count > 0 ? rows : throw new UsageException($"{path}: the file has a header but no rows.");
    }
}
