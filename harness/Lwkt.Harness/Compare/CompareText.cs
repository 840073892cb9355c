using System.Globalization;

namespace Lwkt.Harness.Compare;

/// <summary>Number and label formatting shared by the human-readable writers (table, Markdown). Invariant culture.</summary>
internal static class CompareText
{
    /// <summary>The order cells are listed in: regressions, improvements, undecided, no verdict, then unchanged.</summary>
    public static IReadOnlyList<Verdict> DisplayOrder { get; } =
        [Verdict.Slower, Verdict.Faster, Verdict.Unsure, Verdict.InsufficientData, Verdict.Same];

    /// <summary>Four significant digits with a k/M/G suffix: <c>1.235M</c>, <c>12.35</c>, <c>0.9877</c>.</summary>
    public static string Number(double value)
    {
        double abs = Math.Abs(value);
        (double scaled, string suffix) = abs switch
        {
            >= 1e9 => (value / 1e9, "G"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e4 => (value / 1e3, "k"),
            _ => (value, ""),
        };
        return scaled.ToString("G4", CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>A signed shift with a sign even when positive: <c>+1.2k</c>, <c>-35</c>.</summary>
    public static string Signed(double value) => (value > 0 ? "+" : "") + Number(value);

    /// <summary>The ratio as a signed percentage change: <c>+20.1%</c>; <c>n/a</c> without a ratio.</summary>
    public static string Change(double? ratio) =>
        ratio is double r ? ((r - 1) * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    /// <summary>The shift and its interval: <c>-205k [-230k, -180k]</c>.</summary>
    public static string Shift(ShiftInterval shift) =>
        $"{Signed(shift.Estimate)} [{Signed(shift.Lower)}, {Signed(shift.Upper)}]";

    /// <summary>The heading of the shift column, with the coverage asked for.</summary>
    public static string ShiftHeading { get; } =
        string.Create(CultureInfo.InvariantCulture, $"shift [{CompareOptions.ShiftConfidence * 100:0}% CI]");

    /// <summary>A verdict as shown to people.</summary>
    public static string Label(Verdict verdict) => verdict switch
    {
        Verdict.InsufficientData => "insufficient data",
        _ => verdict.ToString(),
    };

    /// <summary>A verdict or outcome as a machine-readable token (<c>insufficient_data</c>, <c>only_in_base</c>).</summary>
    public static string Token<T>(T value)
        where T : struct, Enum
    {
        string name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    /// <summary>One line naming the metric, the inputs and the decision rule.</summary>
    public static string Header(ComparisonReport report)
    {
        CompareOptions o = report.Options;
        string direction = o.Metric.HigherIsBetter ? "higher is better" : "lower is better";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{o.Metric.Name} ({o.Metric.Unit}, {direction}): base {report.BaseSource} vs new {report.NewSource}; "
            + $"threshold {o.ThresholdPercent:G}%, noise {o.Noise:G} {o.Metric.Unit}, alpha {o.Alpha:G}, "
            + $"at least {o.MinIterations} iterations per side");
    }

    /// <summary>The geometric mean ratio as a change, or a dash.</summary>
    public static string GeometricMean(RuntimeSummary summary) =>
        summary.GeometricMeanRatio is double g
            ? string.Create(CultureInfo.InvariantCulture, $"{g:0.000} ({Change(g)})")
            : "-";

    /// <summary>
    /// The cells that were not compared, one titled list per <see cref="CellOutcome"/> in declaration order (only in
    /// base, only in new, not ok, never steady, disturbed, no metric), empty lists left out: the sections both
    /// human-readable writers end with.
    /// </summary>
    public static IEnumerable<(string Title, CellComparison[] Cells)> Uncompared(ComparisonReport report)
    {
        foreach (CellOutcome outcome in Enum.GetValues<CellOutcome>())
        {
            CellComparison[] cells = [.. report.With(outcome)];
            if (outcome != CellOutcome.Compared && cells.Length > 0)
            {
                yield return (UncomparedTitle(outcome, report.Options.Metric.Name), cells);
            }
        }
    }

    /// <summary>The compared cells in <see cref="DisplayOrder"/>, each verdict's cells ordered by key.</summary>
    public static IEnumerable<CellComparison> Compared(ComparisonReport report) =>
        DisplayOrder.SelectMany(report.With);

    private static string UncomparedTitle(CellOutcome outcome, string metric) => outcome switch
    {
        CellOutcome.OnlyInBase => "Only in base",
        CellOutcome.OnlyInNew => "Only in new",
        CellOutcome.NotOk => "Not compared (status not ok)",
        CellOutcome.NotSteady => "Not compared (never steady)",
        CellOutcome.Disturbed => "Not compared (disturbed by other work)",
        CellOutcome.NoMetric => $"Not compared (no {metric})",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "compared cells have no list"),
    };
}
