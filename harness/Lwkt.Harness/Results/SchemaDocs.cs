using System.Text;

namespace Lwkt.Harness.Results;

/// <summary>
/// The column tables of <c>results/README.md</c>, generated from the column lists (<see cref="ResultColumns"/>,
/// <see cref="SummaryColumns"/>, and through them <see cref="Metric"/>), so the documentation cannot drift from the
/// files. Each table sits between a begin and an end marker in the README; a test fails when the file is stale and
/// says how to regenerate it.
/// </summary>
public static class SchemaDocs
{
    /// <summary>The tables by marker name: <c>results.csv</c> and <c>summary.csv</c>.</summary>
    public static IReadOnlyDictionary<string, string> Tables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["results.csv"] = Table(ResultColumns.All, Source),
        ["summary.csv"] = Table(SummaryColumns.All, _ => ""),
    };

    /// <summary>The begin marker of table <paramref name="name"/>.</summary>
    public static string Begin(string name) => $"<!-- columns of {name}: generated from the column lists (SchemaDocs); edit those, not this table -->";

    /// <summary>The end marker of table <paramref name="name"/>.</summary>
    public static string End(string name) => $"<!-- end of generated columns of {name} -->";

    /// <summary>
    /// <paramref name="markdown"/> with every generated table replaced by the current one.
    /// </summary>
    /// <exception cref="InvalidOperationException">A table's markers are missing or out of order.</exception>
    public static string Regenerate(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        foreach ((string name, string table) in Tables)
        {
            int begin = markdown.IndexOf(Begin(name), StringComparison.Ordinal);
            int end = markdown.IndexOf(End(name), StringComparison.Ordinal);
            if (begin < 0 || end < begin)
            {
                throw new InvalidOperationException($"the markers of the {name} table are missing or out of order");
            }

            int start = begin + Begin(name).Length;
            markdown = string.Concat(markdown.AsSpan(0, start), "\n", table, markdown.AsSpan(end));
        }

        return markdown;
    }

    private static string Table<TRow>(IReadOnlyList<CsvColumn<TRow>> columns, Func<string, string> source)
    {
        var text = new StringBuilder();
        text.Append("| column | unit | meaning |\n|---|---|---|\n");
        foreach (CsvColumn<TRow> column in columns)
        {
            string optional = column.Optional ? " *(optional when reading)*" : "";
            text.Append($"| `{column.Name}` | {column.Unit} | {column.Legend}{source(column.Name)}{optional} |\n");
        }

        return text.ToString();
    }

    /// <summary>Where a metric column's value comes from (" Source: …"); empty for other columns.</summary>
    private static string Source(string column) => Metric.ByName(column) is { } metric ? $" Source: {metric.Source}." : "";
}
