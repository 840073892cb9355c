using CsvHelper;

namespace Lwkt.Harness.Results;

/// <summary>
/// Writes and reads rows through a column list (<see cref="CsvColumn{TRow}"/>): the header is the columns' names in
/// order; reading matches columns by name (order does not matter), requires every non-optional column, and names the
/// line and column of a field that does not parse.
/// </summary>
internal static class CsvTable
{
    private static readonly CsvReaderOptions s_readerOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        TrackLineNumbers = true,
    };

    /// <summary>Writes <paramref name="rows"/> (and the header first when <paramref name="header"/>) to <paramref name="writer"/>.</summary>
    public static void Write<TRow>(CsvWriter writer, IReadOnlyList<CsvColumn<TRow>> columns, IEnumerable<TRow> rows, bool header)
    {
        if (header)
        {
            writer.WriteHeader([.. columns.Select(c => c.Name)]);
        }

        foreach (TRow row in rows)
        {
            foreach (CsvColumn<TRow> column in columns)
            {
                writer.WriteField(column.Format(row));
            }

            writer.EndRecord();
        }
    }

    /// <summary>The required columns the file at <paramref name="path"/> lacks (none: the header fits).</summary>
    public static IReadOnlyList<string> MissingColumns<TRow>(string path, IReadOnlyList<CsvColumn<TRow>> columns)
    {
        using CsvReader reader = CsvReader.FromFile(path, s_readerOptions);
        return Missing(reader, columns);
    }

    /// <summary>Reads every row of <paramref name="path"/>; <paramref name="check"/> may reject a row (throw).</summary>
    /// <exception cref="ResultsFormatException">A required column is missing, or a field does not parse.</exception>
    public static List<TRow> Read<TRow>(string path, IReadOnlyList<CsvColumn<TRow>> columns, Func<TRow> create, Action<TRow, long> check)
    {
        var rows = new List<TRow>();
        try
        {
            using CsvReader reader = CsvReader.FromFile(path, s_readerOptions);
            IReadOnlyList<string> missing = Missing(reader, columns);
            if (missing.Count > 0)
            {
                throw new ResultsFormatException($"{path}: not a results file: missing column(s) {string.Join(", ", missing)}.");
            }

            var present = new List<(CsvColumn<TRow> Column, int Index)>();
            foreach (CsvColumn<TRow> column in columns)
            {
                if (reader.TryGetFieldIndex(column.Name, out int index))
                {
                    present.Add((column, index));
                }
            }

            while (reader.Read())
            {
                TRow row = create();
                foreach ((CsvColumn<TRow> column, int index) in present)
                {
                    string field = index < reader.FieldCount ? reader.GetString(index) : "";
                    try
                    {
                        column.Parse(row, field);
                    }
                    catch (FormatException ex)
                    {
                        throw new ResultsFormatException($"{path}: line {reader.LineNumber}: {ex.Message}.", ex);
                    }
                }

                check(row, reader.LineNumber);
                rows.Add(row);
            }
        }
        catch (CsvFormatException ex)
        {
            string where = ex.LineNumber > 0 ? $"line {ex.LineNumber}" : $"record {ex.RecordNumber}";
            throw new ResultsFormatException($"{path}: {where}: {ex.Message}", ex);
        }

        return rows;
    }

    private static List<string> Missing<TRow>(CsvReader reader, IReadOnlyList<CsvColumn<TRow>> columns) =>
        [.. columns.Where(c => !c.Optional && !reader.TryGetFieldIndex(c.Name, out _)).Select(c => c.Name)];
}
