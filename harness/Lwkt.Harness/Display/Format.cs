using System.Globalization;

namespace Lwkt.Harness.Display;

/// <summary>Human-readable numbers and times for the console (files keep full precision).</summary>
internal static class Format
{
    /// <summary>A rate with an SI suffix: <c>1.23 M</c>, <c>456 K</c>, <c>12.3</c>.</summary>
    public static string Rate(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return "-";
        }

        (double scale, string suffix) = Math.Abs(v) switch
        {
            >= 1e9 => (1e9, " G"),
            >= 1e6 => (1e6, " M"),
            >= 1e3 => (1e3, " K"),
            _ => (1.0, ""),
        };
        double scaled = v / scale;
        string number = scaled >= 100 ? scaled.ToString("0", CultureInfo.InvariantCulture)
            : scaled >= 10 ? scaled.ToString("0.0", CultureInfo.InvariantCulture)
            : scaled.ToString("0.00", CultureInfo.InvariantCulture);
        return number + suffix;
    }

    /// <summary>A duration as <c>1h02m</c>, <c>3m05s</c>, <c>4.2s</c>, <c>150ms</c>.</summary>
    public static string Duration(TimeSpan time) =>
        time > TimeSpan.Zero && time.TotalSeconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.#}ms")
        : time.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}h{time.Minutes:00}m")
        : time.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalMinutes}m{time.Seconds:00}s")
        : string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.0}s");

    /// <summary>What a cell that never became steady shows instead of a number.</summary>
    public static string NeverSteady(Results.SummaryRow summary) =>
        string.Create(CultureInfo.InvariantCulture, $"never steady after {summary.WarmupIterations ?? 0} warm-up iterations (no statistics)");

    /// <summary>
    /// What a finished cell shows after its key: <see cref="NeverSteady"/>, its median rate in ops/s, or the first line
    /// of its error, after its status when <paramref name="withStatus"/> (the plain log has no colour to show it in).
    /// </summary>
    public static string CellResult(Results.SummaryRow summary, bool withStatus) =>
        summary.NeverSteady ? NeverSteady(summary)
        : summary.Status == Results.RowStatus.Ok ? $"{Rate(summary.OpsPerSMedian)} ops/s{Disturbance(summary)}{HostSpeed(summary)}"
        : withStatus ? $"{summary.Status}: {FirstLine(summary.Error)}"
        : FirstLine(summary.Error);

    private static string FirstLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }

    /// <summary>
    /// What follows a cell's figure when other work disturbed it: <c> (2 disturbed iterations replaced)</c>, or
    /// <c> (disturbed: other work took 35 % of its CPUs)</c> when even the kept iterations were; empty otherwise.
    /// </summary>
    public static string Disturbance(Results.SummaryRow summary) =>
        summary.DisturbedShare is double share
            ? string.Create(CultureInfo.InvariantCulture, $" (disturbed: other work took {share * 100:0} % of its CPUs)")
            : summary.DisturbedIterations is int replaced
                ? string.Create(CultureInfo.InvariantCulture, $" ({replaced} disturbed iteration{(replaced == 1 ? "" : "s")} replaced)")
                : "";

    /// <summary>
    /// What follows a cell's figure when its iterations swung in step with a probe of the machine
    /// (<see cref="Results.SummaryRow.Followed"/>, each <see cref="MachineProbe"/>): <c> (host speed swung 6 %, in step
    /// with its 52 %)</c>, <c> (cross-CPU transfer swung 180 %, in step with its 40 %)</c>; empty otherwise.
    /// </summary>
    public static string HostSpeed(Results.SummaryRow summary) =>
        string.Concat(MachineProbe.All.Where(summary.Followed).Select(p =>
            string.Create(CultureInfo.InvariantCulture, $" ({p.Short} swung {summary.SwingOf(p) * 100:0} %, in step with its {summary.CellSwing * 100:0} %)")));

    /// <summary>The run's closing word on the host's speed (<see cref="MachineNote"/> of <see cref="MachineProbe.Speed"/>).</summary>
    public static string? HostSpeedNote(IReadOnlyList<Results.SummaryRow> summary) => MachineNote(summary, MachineProbe.Speed);

    /// <summary>
    /// The run's closing word on one probe of the machine, or null when no cell's iterations followed it: how many did,
    /// and the widest (their spread measured the machine; rerun them, or compare them as Unsure).
    /// </summary>
    public static string? MachineNote(IReadOnlyList<Results.SummaryRow> summary, MachineProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        Results.SummaryRow[] followed = [.. summary.Where(s => s.Followed(probe))];
        if (followed.Length == 0)
        {
            return null;
        }

        Results.SummaryRow worst = followed.MaxBy(s => s.CellSwing)!;
        return string.Create(CultureInfo.InvariantCulture,
            $"{probe.Subject} swung in step with {followed.Length} of {summary.Count} cells (widest: {worst.Key}, {worst.CellSwing * 100:0} % with the {probe.Reading} {worst.SwingOf(probe) * 100:0} %): their spread is the machine's, not the code's");
    }

    /// <summary>
    /// The run's closing word on other work, or null when no cell was disturbed: how many cells had iterations
    /// replaced, and which kept disturbed ones (their figures measure the machine; rerun them on a quieter one).
    /// </summary>
    public static string? MachineNoise(IReadOnlyList<Results.SummaryRow> summary)
    {
        Results.SummaryRow[] replaced = [.. summary.Where(s => s.DisturbedIterations is > 0)];
        Results.SummaryRow[] kept = [.. summary.Where(s => s.DisturbedShare is not null)];
        if (replaced.Length == 0 && kept.Length == 0)
        {
            return null;
        }

        var text = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"other work took the CPUs of {replaced.Length} of {summary.Count} cells: {replaced.Sum(s => s.DisturbedIterations ?? 0)} iterations measured again"));
        if (kept.Length > 0)
        {
            Results.SummaryRow worst = kept.MaxBy(s => s.DisturbedShare)!;
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"; {kept.Length} cell{(kept.Length == 1 ? "" : "s")} still disturbed (worst: {worst.Key}, {worst.DisturbedShare * 100:0} % of its CPUs): not results, rerun on a quieter machine"));
        }

        return text.ToString();
    }
}
