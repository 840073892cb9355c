using System.Globalization;

namespace Lwkt.Harness.Tracing;

/// <summary>Number formats shared by the trace reports (invariant culture).</summary>
internal static class TraceFormat
{
    /// <summary>A per-operation rate: three significant digits, scientific below 0.01 (switches per op are often 1e-4).</summary>
    public static string PerOp(double value) => value switch
    {
        double.NaN => "-",
        0 => "0",
        _ when Math.Abs(value) < 0.01 => value.ToString("0.##E+0", CultureInfo.InvariantCulture),
        _ when Math.Abs(value) < 100 => value.ToString("0.###", CultureInfo.InvariantCulture),
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>A share (0..1) as a percentage with one decimal.</summary>
    public static string Percent(double share) =>
        double.IsNaN(share) ? "-" : (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>A signed change of a share, in percentage points.</summary>
    public static string Points(double delta) =>
        (100 * delta).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pp";

    /// <summary>A ratio new/base as <c>×1.52</c>; <c>new</c> when the base is zero and the new value is not.</summary>
    public static string Ratio(double baseValue, double newValue) =>
        baseValue == 0 ? (newValue == 0 ? "=" : "new") : "×" + (newValue / baseValue).ToString("0.00", CultureInfo.InvariantCulture);
}
