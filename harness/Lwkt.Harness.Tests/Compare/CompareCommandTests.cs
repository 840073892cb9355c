using System.Text.Json;
using Lwkt.Harness.Compare;

namespace Lwkt.Harness.Tests.Compare;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lwkt-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, IEnumerable<ResultRow> rows)
    {
        string folder = Path.Combine(_dir, name);
        ResultsFile.Write(Path.Combine(folder, ResultsFile.FileName), rows);
        return folder;
    }

    private string WriteText(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (string Base, string Slower) TwoRuns()
    {
        string baseDir = Write("base", ResultRows.Suite(seed: 30));
        string newDir = Write("new", ResultRows.Suite(
            seed: 31, k => k is { Workload: "yield", Runtime: "os-monitor", Cores: 1 } ? k.Baseline * 0.8 : k.Baseline));
        return (baseDir, newDir);
    }

    [Fact]
    public void Fail_on_regression_exits_1_only_when_a_cell_is_slower()
    {
        (string baseDir, string newDir) = TwoRuns();

        (int flagged, string table, _) = CommandRunner.Run(CompareCommand.Create(), baseDir, newDir, "--fail-on-regression");
        (int unflagged, _, string unflaggedError) = CommandRunner.Run(CompareCommand.Create(), baseDir, newDir);
        (int same, _, _) = CommandRunner.Run(CompareCommand.Create(), baseDir, baseDir, "--fail-on-regression");

        Assert.Equal(ExitCodes.Failure, flagged);
        Assert.Equal("", unflaggedError);
        Assert.Equal(0, unflagged);
        Assert.Equal(0, same);
        Assert.Single(table.Split('\n'), line => line.Contains("Slower", StringComparison.Ordinal) && line.Contains("yield", StringComparison.Ordinal));
    }

    [Fact]
    public void Accepts_a_results_csv_path_as_well_as_a_run_folder()
    {
        (string baseDir, string newDir) = TwoRuns();

        (int exitCode, string output, string error) = CommandRunner.Run(
            CompareCommand.Create(), Path.Combine(baseDir, ResultsFile.FileName), newDir, "--format", "csv");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("workload,runtime,cores,threads,params,metric,outcome,verdict,base_n,new_n,base_median", lines[0], StringComparison.Ordinal);
        Assert.Equal(9, lines.Length);
        Assert.Single(lines, l => l.Contains(",slower,", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_output_is_valid_and_says_which_cell_regressed()
    {
        (string baseDir, string newDir) = TwoRuns();

        (int exitCode, string output, _) = CommandRunner.Run(CompareCommand.Create(), baseDir, newDir, "--format", "json");

        Assert.Equal(0, exitCode);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("has_regression").GetBoolean());
        JsonElement slower = Assert.Single(
            doc.RootElement.GetProperty("cells").EnumerateArray(), c => c.GetProperty("verdict").GetString() == "slower");
        Assert.Equal("os-monitor", slower.GetProperty("runtime").GetString());
        Assert.True(slower.GetProperty("shift_upper").GetDouble() < 0);
    }

    [Fact]
    public void Markdown_output_lists_slower_cells_and_folds_the_unchanged_ones()
    {
        (string baseDir, string newDir) = TwoRuns();

        (_, string output, _) = CommandRunner.Run(CompareCommand.Create(), baseDir, newDir, "--format", "markdown", "--metric", "ns_per_op");

        Assert.Contains("### Slower (1)", output, StringComparison.Ordinal);
        Assert.Contains("<details><summary>Same (", output, StringComparison.Ordinal);
        Assert.Contains("| runtime | faster | slower | same | unsure | insufficient data | not compared |", output, StringComparison.Ordinal);
        Assert.Contains("| os-monitor | 0 | 1 | ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_iterations_are_reported_as_insufficient_data()
    {
        string baseDir = Write("base", ResultRows.Suite(seed: 32, iterations: 3));
        string newDir = Write("new", ResultRows.Suite(seed: 33, k => k.Baseline * 0.5, iterations: 3));

        (int exitCode, string output, _) = CommandRunner.Run(
            CompareCommand.Create(), baseDir, newDir, "--format", "csv", "--fail-on-regression");

        Assert.Equal(0, exitCode);
        Assert.Equal(8, output.Split('\n').Count(l => l.Contains(",insufficient_data,", StringComparison.Ordinal)));
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "missing-column.csv", "workload,runtime,cores\ncounter,lwkt,1\n" },
        { "empty.csv", "" },
        { "header-only.csv", "HEADER" },
        { "wrong-type.csv", "WRONG-TYPE" },
        { "bad-status.csv", "BAD-STATUS" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_csv_gets_one_clear_line_and_exit_code_2(string name, string text)
    {
        string good = Write("good", ResultRows.Suite(seed: 34));
        string[] lines = File.ReadAllLines(Path.Combine(good, ResultsFile.FileName));
        string content = text switch
        {
            "HEADER" => lines[0] + "\n",
            "WRONG-TYPE" => lines[0] + "\n" + lines[1].Replace(",counter,lwkt,1,", ",counter,lwkt,one,", StringComparison.Ordinal) + "\n",
            "BAD-STATUS" => lines[0] + "\n" + lines[1].Replace(",ok,", ",fine,", StringComparison.Ordinal) + "\n",
            _ => text,
        };
        string bad = WriteText(name, content);

        (int ExitCode, string Output, string Error) result = CommandRunner.Run(CompareCommand.Create(), good, bad);

        CommandRunner.AssertUsageError(result, name);
        Assert.StartsWith("lwkt-bench compare: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--metric", "speed")]
    [InlineData("--threshold", "five")]
    [InlineData("--format", "html")]
    [InlineData("--noise", "-1")]
    [InlineData("--min-iterations", "1")]
    [InlineData("--alpha", "0")]
    public void Bad_option_values_exit_2(string option, string value)
    {
        string good = Write("good", ResultRows.Suite(seed: 35));

        (int exitCode, _, string error) = CommandRunner.Run(CompareCommand.Create(), good, good, option, value);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith($"lwkt-bench compare: {option}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_2()
    {
        (int exitCode, _, string error) = CommandRunner.Run(CompareCommand.Create(), Path.Combine(_dir, "nope"), Path.Combine(_dir, "nada.csv"));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("no such results file", error, StringComparison.Ordinal);
    }
}
