using System.Text;
using System.Text.Json;

namespace Lwkt.Harness.Compare;

/// <summary>
/// The whole report as one JSON object (snake_case names as in the CSV): options, per-runtime summaries, and every cell
/// key with its outcome. Values are raw numbers in the metric's units; absent values are <c>null</c>.
/// </summary>
public sealed class JsonCompareWriter : ICompareWriter
{
    /// <inheritdoc/>
    public string Name => "json";

    /// <inheritdoc/>
    public void Write(ComparisonReport report, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            CompareOptions o = report.Options;
            json.WriteStartObject();
            json.WriteString("metric", o.Metric.Name);
            json.WriteString("unit", o.Metric.Unit);
            json.WriteBoolean("higher_is_better", o.Metric.HigherIsBetter);
            json.WriteNumber("threshold_percent", o.ThresholdPercent);
            json.WriteNumber("noise", o.Noise);
            json.WriteNumber("alpha", o.Alpha);
            json.WriteNumber("min_iterations", o.MinIterations);
            json.WriteString("base", report.BaseSource);
            json.WriteString("new", report.NewSource);
            json.WriteBoolean("has_regression", report.HasRegression);
            json.WriteBoolean("has_unsure", report.HasUnsure);

            json.WriteStartArray("runtimes");
            foreach (RuntimeSummary s in report.Runtimes)
            {
                json.WriteStartObject();
                json.WriteString("runtime", s.Runtime);
                json.WriteNumber("faster", s.Faster);
                json.WriteNumber("slower", s.Slower);
                json.WriteNumber("same", s.Same);
                json.WriteNumber("insufficient_data", s.Insufficient);
                json.WriteNumber("unsure", s.Unsure);
                json.WriteNumber("not_compared", s.Uncompared);
                WriteNumber(json, "geomean_ratio", s.GeometricMeanRatio);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("cells");
            foreach (CellComparison cell in report.Cells)
            {
                WriteCell(json, cell);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteCell(Utf8JsonWriter json, CellComparison cell)
    {
        json.WriteStartObject();
        json.WriteString("workload", cell.Key.Workload);
        json.WriteString("runtime", cell.Key.Runtime);
        json.WriteNumber("cores", cell.Key.Cores);
        json.WriteNumber("threads", cell.Key.Threads);
        json.WriteString("params", cell.Key.Params);
        json.WriteString("outcome", CompareText.Token(cell.Outcome));
        if (cell.Comparison is { } c)
        {
            json.WriteString("verdict", CompareText.Token(c.Verdict));
            json.WriteNumber("base_n", c.BaseCount);
            json.WriteNumber("new_n", c.NewCount);
            json.WriteNumber("base_median", c.BaseMedian);
            json.WriteNumber("new_median", c.NewMedian);
            WriteNumber(json, "ratio", c.Ratio);
            json.WriteNumber("shift", c.Shift.Estimate);
            json.WriteNumber("shift_lower", c.Shift.Lower);
            json.WriteNumber("shift_upper", c.Shift.Upper);
            json.WriteNumber("shift_confidence", c.Shift.Confidence);
            if (c.Reason is not null)
            {
                json.WriteString("note", c.Reason);
            }
        }
        else if (cell.Note is not null)
        {
            json.WriteString("note", cell.Note);
        }

        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
