using System.Globalization;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Harness.Results;

/// <summary>
/// One column of a CSV file the harness writes: its name, unit and meaning (for the generated schema tables),
/// whether a file may lack it (columns added after the first schema), and how a row's field is formatted and
/// parsed. Fields are invariant culture; an empty field is null ("not measured"), never 0.
/// </summary>
/// <typeparam name="TRow">The row type.</typeparam>
public sealed record CsvColumn<TRow>(
    string Name,
    string Unit,
    string Legend,
    bool Optional,
    Func<TRow, string?> Format,
    Action<TRow, string> Parse)
{
    /// <summary>A text column; an empty field reads as "" for <paramref name="set"/>'s non-nullable targets' sake.</summary>
    public static CsvColumn<TRow> Text(string name, string unit, string legend, Func<TRow, string?> get, Action<TRow, string?> set, bool optional = false, bool emptyIsNull = true) =>
        new(name, unit, legend, optional, get, (row, field) => set(row, emptyIsNull && field.Length == 0 ? null : field));

    /// <summary>A required whole-number column.</summary>
    public static CsvColumn<TRow> Int(string name, string unit, string legend, Func<TRow, int> get, Action<TRow, int> set, bool optional = false) =>
        new(name, unit, legend, optional, row => get(row).ToString(CultureInfo.InvariantCulture), (row, field) => set(row, ParseInt(name, field)));

    /// <summary>A <c>true</c>/<c>false</c> column; empty is null.</summary>
    public static CsvColumn<TRow> Bool(string name, string unit, string legend, Func<TRow, bool?> get, Action<TRow, bool?> set, bool optional = true) =>
        new(name, unit, legend, optional, row => get(row) is bool b ? (b ? "true" : "false") : null, (row, field) => set(row, ParseBool(name, field)));

    /// <summary>A number column of nullable doubles; empty is null.</summary>
    public static CsvColumn<TRow> Number(string name, string unit, string legend, Func<TRow, double?> get, Action<TRow, double?> set, bool integer = false, bool optional = false) =>
        new(name, unit, legend, optional, row => FormatNumber(get(row), integer), (row, field) => set(row, ParseNumber(name, field)));

    /// <summary>The column of one metric, read from and written to the row's metric slot.</summary>
    public static CsvColumn<TRow> Of(Metric metric, Func<TRow, MetricValues> values) =>
        Number(metric.Name, metric.Unit, metric.Legend, row => values(row)[metric], (row, v) => values(row)[metric] = v, metric.Integer, !metric.Required);

    /// <summary>A number as written: whole numbers without a fraction, others shortest round-trip; null is empty.</summary>
    public static string? FormatNumber(double? value, bool integer) => value switch
    {
        null => null,
        double v when integer => Math.Round(v).ToString("0", CultureInfo.InvariantCulture),
        double v => v.ToString("R", CultureInfo.InvariantCulture),
    };

    private static int ParseInt(string name, string field) =>
        int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new FormatException($"column {name}: '{field}' is not a whole number");

    private static double? ParseNumber(string name, string field) =>
        field.Length == 0 ? null
        : double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
        : throw new FormatException($"column {name}: '{field}' is not a number");

    private static bool? ParseBool(string name, string field) => field switch
    {
        "" => null,
        _ when bool.TryParse(field, out bool b) => b,
        _ => throw new FormatException($"column {name}: '{field}' is not true or false"),
    };
}
