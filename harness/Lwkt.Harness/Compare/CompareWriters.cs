namespace Lwkt.Harness.Compare;

/// <summary>The output formats of <c>compare</c>.</summary>
public static class CompareWriters
{
    /// <summary>Every writer; the first is the default.</summary>
    public static IReadOnlyList<ICompareWriter> All { get; } =
        [new TableCompareWriter(), new MarkdownCompareWriter(), new CsvCompareWriter(), new JsonCompareWriter()];

    /// <summary>The writer named <paramref name="name"/> (case-insensitive), or <see langword="null"/>.</summary>
    public static ICompareWriter? Find(string name) =>
        All.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));
}
