using System.Globalization;

namespace Lwkt.Harness.Cli;

/// <summary>
/// Parsers for the values of <c>run</c>'s options and suite files. Each throws <see cref="UsageException"/> whose
/// message names the option and the bad value, so the CLI can print one line and exit with code 2.
/// </summary>
public static class ValueParsers
{
    /// <summary>The largest thread count of the <c>sweep</c> token (1, 2, 4, … 1024).</summary>
    public const int SweepMaxThreads = 1024;

    /// <summary>The largest thread count a cell may ask for.</summary>
    public const int MaxThreads = 1 << 20;

    /// <summary>
    /// Parses a duration: a number with a unit <c>ns</c>, <c>us</c>, <c>ms</c>, <c>s</c>, <c>m</c> (<c>150ms</c>,
    /// <c>1.5s</c>), or a bare number of seconds. It must be positive.
    /// </summary>
    public static TimeSpan ParseDuration(string text, string option)
    {
        string t = (text ?? "").Trim().ToLowerInvariant();
        (string unit, double scaleToSeconds)[] units = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)];
        double scale = 1;
        foreach ((string unit, double s) in units)
        {
            if (t.EndsWith(unit, StringComparison.Ordinal) && t.Length > unit.Length && (char.IsDigit(t[^(unit.Length + 1)]) || t[^(unit.Length + 1)] == '.'))
            {
                t = t[..^unit.Length];
                scale = s;
                break;
            }
        }

        if (!double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value <= 0)
        {
            throw new UsageException($"{option} '{text}' is not a positive duration (examples: 150ms, 1s, 2m)");
        }

        double seconds = value * scale;
        if (seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new UsageException($"{option} '{text}' is longer than a day");
        }

        TimeSpan duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return duration > TimeSpan.Zero
            ? duration
            : throw new UsageException($"{option} '{text}' is shorter than 100 ns, the smallest duration");
    }

    /// <summary>Parses a whole number of at least <paramref name="min"/>.</summary>
    public static int ParseInt(string text, string option, int min, int max = int.MaxValue)
    {
        if (!int.TryParse((text ?? "").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            throw new UsageException($"{option} '{text}' is not a whole number");
        }

        if (value < min || value > max)
        {
            throw new UsageException(max == int.MaxValue
                ? $"{option} {value} must be at least {min}"
                : $"{option} {value} must be in {min}..{max}");
        }

        return value;
    }

    /// <summary>
    /// Parses a number (invariant culture) in [<paramref name="min"/>, <paramref name="max"/>], or
    /// (<paramref name="min"/>, <paramref name="max"/>] when <paramref name="minExclusive"/>.
    /// </summary>
    public static double ParseNumber(string text, string option, double min, double max, bool minExclusive = false)
    {
        if (!double.TryParse((text ?? "").Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value))
        {
            throw new UsageException($"{option} '{text}' is not a number");
        }

        if (value > max || (minExclusive ? value <= min : value < min))
        {
            string range = string.Create(CultureInfo.InvariantCulture, $"{(minExclusive ? "(" : "[")}{min}, {max}]");
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option} {value} must lie in {range}"));
        }

        return value;
    }

    /// <summary>Parses a percentage: <c>5%</c>, <c>5 %</c> or a bare <c>5</c>, not negative.</summary>
    public static double ParsePercentage(string text, string option)
    {
        string trimmed = (text ?? "").Trim().TrimEnd('%').TrimEnd();
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && double.IsFinite(value) && value >= 0
                ? value
                : throw new UsageException($"{option} '{text}' is not a non-negative percentage such as 5%");
    }

    /// <summary>Parses <c>I/N</c> (shard I of N, 1-based).</summary>
    public static (int Index, int Count) ParseShard(string text)
    {
        string[] parts = (text ?? "").Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new UsageException($"--shard '{text}' is not of the form I/N (e.g. 2/3)");
        }

        if (count < 1 || index < 1 || index > count)
        {
            throw new UsageException($"--shard {text}: I must be in 1..N and N at least 1");
        }

        return (index, count);
    }

    /// <summary>Splits comma-separated names (several occurrences of an option are concatenated); no empties.</summary>
    public static IReadOnlyList<string> ParseNames(IEnumerable<string> texts, string option)
    {
        var names = new List<string>();
        foreach (string text in texts)
        {
            foreach (string name in text.Split(',', StringSplitOptions.TrimEntries))
            {
                if (name.Length == 0)
                {
                    throw new UsageException($"{option} '{text}' has an empty name");
                }

                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    /// <summary>
    /// Parses core counts and resolves them against the <paramref name="available"/> CPUs: see
    /// <see cref="CoreSelection"/>. Returns ascending distinct counts.
    /// </summary>
    public static IReadOnlyList<int> ParseCores(string text, int available, string option = "--cores") =>
        CoreSelection.Parse(text, option).Resolve(available, option);

    /// <summary>
    /// Parses thread counts: numbers, <c>Nx</c> (N per core: oversubscription) and <c>sweep</c> (1, 2, 4, … 1024).
    /// </summary>
    public static IReadOnlyList<ThreadCount> ParseThreads(string text, string option = "--threads")
    {
        var threads = new List<ThreadCount>();
        foreach (string token in SplitTokens(text, option))
        {
            if (token == "sweep")
            {
                for (int t = 1; t <= SweepMaxThreads; t *= 2)
                {
                    threads.Add(new ThreadCount(t, PerCore: false));
                }
            }
            else if (token.EndsWith('x'))
            {
                threads.Add(new ThreadCount(ParseInt(token[..^1], option + " (Nx)", 1, MaxThreads), PerCore: true));
            }
            else
            {
                threads.Add(new ThreadCount(ParseInt(token, option, 1, MaxThreads), PerCore: false));
            }
        }

        return threads;
    }

    /// <summary>Splits a comma-separated list, lower-cased; an empty entry is refused.</summary>
    internal static string[] SplitTokens(string text, string option)
    {
        string[] tokens = (text ?? "").ToLowerInvariant().Split(',', StringSplitOptions.TrimEntries);
        if (tokens.Length == 0 || tokens.Any(t => t.Length == 0))
        {
            throw new UsageException($"{option} '{text}' has an empty entry");
        }

        return tokens;
    }
}
