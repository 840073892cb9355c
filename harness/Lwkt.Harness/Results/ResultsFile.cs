using CsvHelper;

namespace Lwkt.Harness.Results;

/// <summary>
/// Reads and appends <c>results.csv</c> files (<see cref="ResultRow"/>). Appending is the only way the harness
/// writes rows: each call opens the file, writes the rows of one cell and flushes them to disk before returning,
/// so a run that is interrupted keeps every finished cell.
/// </summary>
/// <remarks>Not thread-safe: one writer per file (the harness runs cells one at a time).</remarks>
public static class ResultsFile
{
    /// <summary>The file name of the per-iteration rows inside a run folder.</summary>
    public const string FileName = "results.csv";

    private static readonly CsvWriterOptions s_writerOptions = CsvWriterOptions.Default with
    {
        NewLine = "\n",
        TrueValue = "true",
        FalseValue = "false",
    };

    /// <summary>
    /// Appends <paramref name="rows"/> to <paramref name="path"/>, writing the header first when the file is new
    /// or empty, and flushes to disk. An existing file must have this schema's header (checked), so rows are never
    /// appended under the wrong columns.
    /// </summary>
    /// <exception cref="ResultsFormatException">The existing file has a different header.</exception>
    public static void Append(string path, IEnumerable<ResultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        bool hasData = File.Exists(path) && new FileInfo(path).Length > 0;
        if (hasData)
        {
            CheckHeader(path);
        }
        else if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using (CsvWriter writer = CsvWriter.Create(stream, s_writerOptions, leaveOpen: true))
        {
            CsvTable.Write(writer, ResultColumns.All, rows, header: !hasData);
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>Writes <paramref name="rows"/> to a new file (replacing any), header first.</summary>
    public static void Write(string path, IEnumerable<ResultRow> rows)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        Append(path, rows);
    }

    /// <summary>
    /// Reads every row of <paramref name="path"/>. Columns are matched by name (order does not matter); the columns
    /// added after the first schema may be missing (older files), every other column must be present.
    /// </summary>
    /// <exception cref="ResultsFormatException">
    /// The file is missing or empty, lacks a column, or has a value that does not parse (the message names the
    /// line and the column).
    /// </exception>
    public static IReadOnlyList<ResultRow> Read(string path)
    {
        if (Directory.Exists(path))
        {
            path = Path.Combine(path, FileName);
        }

        if (!File.Exists(path))
        {
            throw new ResultsFormatException($"{path}: no such results file.");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new ResultsFormatException($"{path}: the file is empty (expected a header line and rows).");
        }

        return CsvTable.Read(path, ResultColumns.All, () => new ResultRow(), (row, line) =>
        {
            if (!RowStatus.All.Contains(row.Status))
            {
                throw new ResultsFormatException(
                    $"{path}: line {line}: status '{row.Status}' is not one of {string.Join("|", RowStatus.All)}.");
            }
        });
    }

    /// <summary>Reads <paramref name="path"/> when it exists and has data; otherwise an empty list.</summary>
    public static IReadOnlyList<ResultRow> ReadIfExists(string path) =>
        File.Exists(path) && new FileInfo(path).Length > 0 ? Read(path) : [];

    /// <summary>Rows are appended only under this schema's exact header (an older file, even a loadable one, is refused).</summary>
    private static void CheckHeader(string path)
    {
        string header = string.Join(',', ResultColumns.All.Select(c => c.Name));
        string first = File.ReadLines(path).FirstOrDefault() ?? "";
        if (first != header)
        {
            IReadOnlyList<string> missing = [.. ResultColumns.All.Select(c => c.Name).Except(first.Split(','))];
            throw new ResultsFormatException(
                $"{path}: cannot append: the existing file's header differs from this schema"
                + (missing.Count > 0 ? $" (it lacks column(s) {string.Join(", ", missing)})." : "."));
        }
    }
}
