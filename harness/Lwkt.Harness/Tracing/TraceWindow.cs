using System.Globalization;
using Lwkt.Harness.Cli;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// Which part of a cell's child <c>run --trace</c> records (<c>--trace-window</c>): the whole child from its first
/// instruction (start-up, JIT, warm-up and every iteration: <see cref="Whole"/>), or measured iterations
/// <see cref="First"/>..<see cref="Last"/> only, the session started just before the first and stopped just after
/// the last, so the trace shows the steady state. The row's <c>trace</c> column says which: <c>full</c> for the
/// whole child, <c>full@5</c> or <c>full@4-5</c> for a window.
/// </summary>
/// <param name="First">The first traced measured iteration (1-based), or null for the whole child.</param>
/// <param name="Last">The last traced measured iteration, or null for the whole child.</param>
public sealed record TraceWindow(int? First, int? Last)
{
    /// <summary>The whole child.</summary>
    public static TraceWindow Whole { get; } = new(null, null);

    /// <summary>True for a window of iterations.</summary>
    public bool IsWindow => First is not null;

    /// <summary>
    /// Parses <c>--trace-window</c>: <c>all</c>, <c>last</c> (the last measured iteration), <c>N</c> or <c>A-B</c>,
    /// for a cell of <paramref name="iterations"/> measured iterations.
    /// </summary>
    /// <exception cref="UsageException">Not one of those, or outside 1..<paramref name="iterations"/>.</exception>
    public static TraceWindow Parse(string text, int iterations)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim().ToLowerInvariant();
        if (value == "all")
        {
            return Whole;
        }

        if (value == "last")
        {
            return new TraceWindow(iterations, iterations);
        }

        string[] parts = value.Split('-', 2);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
            || (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new UsageException($"--trace-window '{text}' is not all, last, N or A-B (measured iterations, 1-based)");
        }

        int last = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : first;
        if (first < 1 || last < first || last > iterations)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture, $"--trace-window '{text}' is outside the measured iterations 1..{iterations}"));
        }

        return new TraceWindow(first, last);
    }

    /// <summary>Reads the window back from a row's <c>trace</c> column (<c>full</c>, <c>full@5</c>, <c>full@4-5</c>).</summary>
    public static TraceWindow FromColumn(string? column)
    {
        int at = column?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return Whole;
        }

        string[] parts = column![(at + 1)..].Split('-', 2);
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
            ? new TraceWindow(first, parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int last) ? last : first)
            : Whole;
    }

    /// <summary>The row's <c>trace</c> column for <paramref name="profile"/> (lower case) under this window.</summary>
    public string Column(string profile) => !IsWindow
        ? profile
        : First == Last
            ? string.Create(CultureInfo.InvariantCulture, $"{profile}@{First}")
            : string.Create(CultureInfo.InvariantCulture, $"{profile}@{First}-{Last}");

    /// <summary>Whether measured iteration <paramref name="iteration"/> is inside the window.</summary>
    public bool Covers(int iteration) => !IsWindow || (iteration >= First && iteration <= Last);

    /// <summary>What a trace under this window spans, for reports; <paramref name="measured"/> is the rows found.</summary>
    public string Describe(int measured) => IsWindow
        ? First == Last
            ? string.Create(CultureInfo.InvariantCulture, $"measured iteration {First} only (steady state); per op = over its ops")
            : string.Create(CultureInfo.InvariantCulture, $"measured iterations {First}-{Last} only (steady state); per op = over their ops")
        : string.Create(
            CultureInfo.InvariantCulture,
            $"the whole child (start-up, warm-up and {measured} measured iteration(s)); per op = over the measured ops only, so per-op counts run high");
}
