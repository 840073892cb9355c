using Lwkt.Harness.Results;

namespace Lwkt.Harness.Report;

/// <summary>Writes a report folder: every chart as PNG and SVG, and <c>report.md</c> that embeds them.</summary>
public static class ReportGenerator
{
    /// <summary>
    /// Builds and writes the report of <paramref name="rows"/> into <paramref name="outputDirectory"/> (created if
    /// needed; files of the same names are replaced). Returns the paths written, report.md first.
    /// </summary>
    /// <param name="source">The results path as given, for the report's header.</param>
    public static IReadOnlyList<string> Write(IReadOnlyList<ResultRow> rows, string outputDirectory, string source)
    {
        Directory.CreateDirectory(outputDirectory);
        ReportContent content = ReportBuilder.Build(rows);
        var written = new List<string>();

        string markdown = Path.Combine(outputDirectory, ReportMarkdown.FileName);
        using (var writer = new StreamWriter(markdown) { NewLine = "\n" })
        {
            ReportMarkdown.Write(content, source, writer);
        }

        written.Add(markdown);
        foreach (ReportChart chart in content.Charts)
        {
            string png = Path.Combine(outputDirectory, chart.FileStem + ".png");
            string svg = Path.Combine(outputDirectory, chart.FileStem + ".svg");
            ChartRenderer.Render(chart.Chart, png, svg);
            written.Add(png);
            written.Add(svg);
        }

        return written;
    }
}
