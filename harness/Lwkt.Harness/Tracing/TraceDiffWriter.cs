using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// Writes a <see cref="TraceDiff"/> as aligned text (<c>table</c>), GitHub Markdown (<c>markdown</c>, for a CI job
/// summary) or one JSON object (<c>json</c>: raw numbers, shares 0..1, no row hidden but those under the thresholds).
/// </summary>
public static class TraceDiffWriter
{
    /// <summary>The formats of <c>trace diff --format</c>.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["table", "markdown", "json"];

    /// <summary>Writes <paramref name="diff"/> in <paramref name="format"/> (one of <see cref="Formats"/>).</summary>
    public static void Write(TraceDiff diff, string format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(output);
        switch (format)
        {
            case "json":
                WriteJson(diff, output);
                break;
            case "markdown":
                WriteText(diff, output, markdown: true);
                break;
            case "table":
                WriteText(diff, output, markdown: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "not a trace diff format");
        }
    }

    private static void WriteText(TraceDiff diff, TextWriter output, bool markdown)
    {
        string unit = diff.PerOp ? "per op" : "total";
        string heading = markdown ? "### " : "";
        string quote(string text) => markdown ? $"`{text}`" : text;
        output.WriteLine($"{heading}trace diff: {diff.Base.Cell}");
        output.WriteLine();
        output.WriteLine(Line($"- base {quote(diff.Base.Path)}: {Ops(diff.Base.Cell)}, {diff.Base.Frames!.Samples} samples; spans {diff.Base.Cell.Coverage}"));
        output.WriteLine(Line($"- new  {quote(diff.New.Path)}: {Ops(diff.New.Cell)}, {diff.New.Frames!.Samples} samples; spans {diff.New.Cell.Coverage}"));
        foreach (string note in diff.Notes)
        {
            output.WriteLine($"- note: {note}");
        }

        output.WriteLine();
        output.WriteLine(Line($"{heading}frames that appeared, vanished or moved most (suite code, BCL calls folded into the call made; share of their thread kind's running samples{(diff.OtherThreadsLeftOut ? ", workload threads only" : "")}; moves under {100 * diff.MinShareChange:0.#} points or within chance hidden)"));
        output.WriteLine();
        var frames = new TextTable("frame", "threads", "on", "excl base", "excl new", "Δ excl", "incl base", "incl new", "Δ incl") { TextColumns = 3, CodeColumns = new HashSet<int> { 0 } };
        foreach (FrameMove f in diff.Frames)
        {
            frames.Add(
                f.Frame, ThreadKinds.Name(f.Kind), f.Presence, TraceFormat.Percent(f.BaseExclusive), TraceFormat.Percent(f.NewExclusive),
                TraceFormat.Points(f.ExclusiveDelta), TraceFormat.Percent(f.BaseInclusive), TraceFormat.Percent(f.NewInclusive), TraceFormat.Points(f.InclusiveDelta));
        }

        WriteOrNone(frames, output, markdown, "no frame moved beyond the threshold");
        output.WriteLine();
        output.WriteLine(Line($"{heading}counts {unit} (changes under {100 * diff.MinRateChange:0.#} % and counts under {TraceDiff.MinCount} on both sides hidden)"));
        output.WriteLine();
        var rates = new TextTable("group", "quantity", $"base {unit}", $"new {unit}", "change") { TextColumns = 2, CodeColumns = new HashSet<int> { 1 } };
        foreach (RateRow r in diff.Rates)
        {
            rates.Add(r.Group, r.Name, Value(r.Base, diff.PerOp), Value(r.New, diff.PerOp), TraceFormat.Ratio(r.Base, r.New));
        }

        WriteOrNone(rates, output, markdown, "no count moved beyond the threshold");
    }

    private static void WriteOrNone(TextTable table, TextWriter output, bool markdown, string none)
    {
        if (table.IsEmpty)
        {
            output.WriteLine(markdown ? $"_{none}_" : $"  {none}");
        }
        else
        {
            table.Write(output, markdown);
        }
    }

    private static string Value(double value, bool perOp) => perOp ? TraceFormat.PerOp(value) : value.ToString("0", CultureInfo.InvariantCulture);

    private static string Ops(TraceCell cell) => cell.Ops is long ops ? Line($"{ops} ops") : "ops unknown";

    private static void WriteJson(TraceDiff diff, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteBoolean("per_op", diff.PerOp);
            json.WriteNumber("min_share_change", diff.MinShareChange);
            json.WriteNumber("min_rate_change", diff.MinRateChange);
            json.WriteNumber("min_count", TraceDiff.MinCount);
            WriteSide(json, "base", diff.Base);
            WriteSide(json, "new", diff.New);
            json.WriteStartArray("notes");
            foreach (string note in diff.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteStartArray("frames");
            foreach (FrameMove f in diff.Frames)
            {
                json.WriteStartObject();
                json.WriteString("frame", f.Frame);
                json.WriteString("threads", ThreadKinds.Name(f.Kind));
                json.WriteString("on", f.Presence);
                json.WriteNumber("base_exclusive", f.BaseExclusive);
                json.WriteNumber("new_exclusive", f.NewExclusive);
                json.WriteNumber("base_inclusive", f.BaseInclusive);
                json.WriteNumber("new_inclusive", f.NewInclusive);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("counts");
            foreach (RateRow r in diff.Rates)
            {
                json.WriteStartObject();
                json.WriteString("group", r.Group);
                json.WriteString("quantity", r.Name);
                json.WriteNumber("base_total", r.BaseCount);
                json.WriteNumber("new_total", r.NewCount);
                json.WriteNumber("base", r.Base);
                json.WriteNumber("new", r.New);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteSide(Utf8JsonWriter json, string name, TraceSummary side)
    {
        json.WriteStartObject(name);
        json.WriteString("path", side.Path);
        json.WriteString("cell", side.Cell.ToString());
        if (side.Cell.Ops is long ops)
        {
            json.WriteNumber("ops", ops);
        }
        else
        {
            json.WriteNull("ops");
        }

        json.WriteString("spans", side.Cell.Coverage);
        json.WriteNumber("samples", side.Frames!.Samples);
        json.WriteNumber("events_lost", side.EventsLost);
        json.WriteEndObject();
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
