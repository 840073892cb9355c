namespace Lwkt.Harness.Tests.Cli;

/// <summary>
/// The same commands give the same CSV headers and the same deterministic torture digest as the golden files in
/// <c>Golden/</c> (see its README): behaviour a refactoring must keep.
/// </summary>
public sealed class StableOutputTests : TempFolderTest
{
    private static string Golden(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name)).TrimEnd('\n');

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CommandRunner.Program(args);

    [Fact]
    public void Run_writes_the_golden_csv_headers()
    {
        string folder = Temp.Sub("run");

        (int code, string output, string error) = Run(
            "run", "--workloads", "uncontended", "--runtimes", "os-monitor", "--cores", "1", "--threads", "1",
            "--duration", "20ms", "--warmup", "0", "--iterations", "1", "--out", folder);

        Assert.True(code == 0, output + error);
        AssertEstablishedThenAppended(Golden("results-header.csv"), File.ReadLines(Path.Combine(folder, "results.csv")).First(), ResultColumns.All);
        AssertEstablishedThenAppended(Golden("summary-header.csv"), File.ReadLines(Path.Combine(folder, "summary.csv")).First(), SummaryColumns.All);
    }

    /// <summary>
    /// The golden header's columns come first, unchanged and in order; a column added since (a new metric) follows
    /// them and is optional when reading, so files written before it still load. A new column needs no edit here.
    /// </summary>
    private static void AssertEstablishedThenAppended<TRow>(string golden, string header, IReadOnlyList<CsvColumn<TRow>> columns)
    {
        string[] established = golden.Split(',');
        string[] written = header.Split(',');
        Assert.Equal(established, written.Take(established.Length));
        Assert.All(
            written.Skip(established.Length),
            name => Assert.True(columns.Single(c => c.Name == name).Optional, $"appended column {name} is required when reading: older files would not load"));
    }

    [Fact]
    public void A_deterministic_torture_prints_the_golden_digest()
    {
        (int code, string output, string error) = Run(
            "torture", "--deterministic", "--seed", "21", "--cores", "2", "--duration", "30ms", "--stat-interval", "10ms",
            "--stutter", "15ms", "--shuffle-interval", "5ms");

        Assert.True(code == 0, output + error);
        Assert.Equal("digest: " + Golden("torture-digest.txt"), output.TrimEnd().Split('\n')[^1].Trim());
    }
}
