using System.Text;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// A table for the trace reports, rendered as aligned plain text (the first <see cref="TextColumns"/> columns left,
/// the numbers right) or as a
/// GitHub Markdown table with the same cells, so the two formats cannot drift apart.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers) => _headers = headers;

    /// <summary>How many leading columns hold text (left-aligned); the rest are numbers.</summary>
    public int TextColumns { get; init; } = 1;

    /// <summary>Columns whose cells are code (method names): wrapped in backticks in Markdown, where <c>&lt;</c> and <c>__</c> stay literal.</summary>
    public IReadOnlySet<int> CodeColumns { get; init; } = new HashSet<int>();

    /// <summary>True when no row was added.</summary>
    public bool IsEmpty => _rows.Count == 0;

    /// <summary>Adds a row of as many cells as there are headers.</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {_headers.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Writes the table; <paramref name="markdown"/> for a Markdown table, else aligned text indented by two spaces.</summary>
    public void Write(TextWriter output, bool markdown)
    {
        if (markdown)
        {
            output.WriteLine("| " + string.Join(" | ", _headers.Select(Escape)) + " |");
            output.WriteLine("|" + string.Join("|", _headers.Select((_, i) => i < TextColumns ? ":---" : "---:")) + "|");
            foreach (string[] row in _rows)
            {
                output.WriteLine("| " + string.Join(" | ", row.Select((cell, i) => CodeColumns.Contains(i) ? Code(cell) : Escape(cell))) + " |");
            }

            return;
        }

        int[] widths = [.. _headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max())];
        foreach (string[] row in _rows.Prepend(_headers))
        {
            var line = new StringBuilder("  ");
            for (int i = 0; i < row.Length; i++)
            {
                line.Append(i == 0 ? "" : "  ").Append(i < TextColumns ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i]));
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    /// <summary>A text cell safe inside a Markdown table: pipes escaped, angle brackets shown rather than read as HTML.</summary>
    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    /// <summary>A code cell: in backticks, with pipes escaped (GitHub tables split on them even inside code).</summary>
    private static string Code(string cell) => "`" + cell.Replace("|", "\\|", StringComparison.Ordinal) + "`";
}
