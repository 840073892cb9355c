using Lwkt.Harness.Results;
using Lwkt.Harness.Tests.Ci;

namespace Lwkt.Harness.Tests.Results;

/// <summary>The column tables of results/README.md are generated from the column lists and must be current.</summary>
public sealed class SchemaDocsTests
{
    private static readonly string s_readme = Shell.PathOf("results/README.md");

    [Fact]
    public void The_readme_column_tables_are_current()
    {
        string text = File.ReadAllText(s_readme);
        string current = SchemaDocs.Regenerate(text);
        if (Environment.GetEnvironmentVariable("LWKT_WRITE_SCHEMA") == "1")
        {
            File.WriteAllText(s_readme, current);
            return;
        }

        Assert.True(
            current == text,
            "results/README.md is stale: regenerate it with LWKT_WRITE_SCHEMA=1 dotnet test harness/Lwkt.Harness.Tests --filter SchemaDocs");
    }

    [Fact]
    public void Every_column_and_metric_is_documented_once()
    {
        string table = SchemaDocs.Tables["results.csv"];
        foreach (CsvColumn<ResultRow> column in ResultColumns.All)
        {
            Assert.Single(table.Split('\n'), line => line.StartsWith($"| `{column.Name}` |", StringComparison.Ordinal));
        }

        Assert.All(Metric.All, m => Assert.Contains($"| `{m.Name}` |", table, StringComparison.Ordinal));
        Assert.Equal(ResultColumns.All.Count, ResultColumns.All.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void A_stale_table_is_detected()
    {
        string text = File.ReadAllText(s_readme);
        string stale = text.Replace("| `ops_per_s` |", "| `ops_per_sec` |", StringComparison.Ordinal);

        Assert.NotEqual(stale, text);
        Assert.NotEqual(stale, SchemaDocs.Regenerate(stale));
    }

    [Fact]
    public void The_first_schemas_columns_keep_their_names_and_order()
    {
        // The header of results/reference (written before the descriptor list existed) is a prefix of today's.
        string reference = File.ReadLines(Path.Combine(Path.GetDirectoryName(s_readme)!, "reference", "quick-2026-11-28", "results.csv")).First();
        string header = string.Join(',', ResultColumns.All.Select(c => c.Name));

        Assert.StartsWith(reference + ",", header, StringComparison.Ordinal);
        string summary = File.ReadLines(Path.Combine(Path.GetDirectoryName(s_readme)!, "reference", "quick-2026-11-28", "summary.csv")).First();
        Assert.StartsWith(summary + ",", string.Join(',', SummaryColumns.All.Select(c => c.Name)), StringComparison.Ordinal);
    }

    [Fact]
    public void Old_result_files_still_load()
    {
        string folder = Path.Combine(Path.GetDirectoryName(s_readme)!, "reference", "quick-2026-11-28");
        IReadOnlyList<ResultRow> rows = ResultsFile.Read(folder);

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(ResultRow.PhaseMeasure, r.Phase));
        Assert.All(rows, r => Assert.Null(r.Steady));
        Assert.Contains(rows, r => r[Metric.OpsPerSecond] > 0);
        Assert.All(Summarizer.Summarize(rows).Where(s => s.Status == RowStatus.Ok), s => Assert.True(s.Iterations > 0));
    }
}
