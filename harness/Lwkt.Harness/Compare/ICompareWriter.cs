namespace Lwkt.Harness.Compare;

/// <summary>Writes a <see cref="ComparisonReport"/> in one format (<c>--format</c>).</summary>
public interface ICompareWriter
{
    /// <summary>The <c>--format</c> value that selects this writer.</summary>
    string Name { get; }

    /// <summary>Writes the whole report to <paramref name="output"/>.</summary>
    void Write(ComparisonReport report, TextWriter output);
}
