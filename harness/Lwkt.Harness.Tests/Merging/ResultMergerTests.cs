using Lwkt.Harness.Merging;
using Lwkt.Harness.Tests.Results;

namespace Lwkt.Harness.Tests.Merging;

public sealed class ResultMergerTests : TempFolderTest
{
    private string Shard(string name, params (string Workload, string Runtime)[] cells)
    {
        string folder = Temp.Sub(name);
        Directory.CreateDirectory(folder);
        ResultsFile.Write(
            Path.Combine(folder, ResultsFile.FileName),
            cells.SelectMany(c => new[] { 1, 2 }.Select(i =>
            {
                ResultRow row = ResultsFileTests.Sample(i);
                row.Workload = c.Workload;
                row.Runtime = c.Runtime;
                return row;
            })));
        Directory.CreateDirectory(Path.Combine(folder, "traces"));
        File.WriteAllText(Path.Combine(folder, "traces", $"{name}.nettrace"), "trace");
        return folder;
    }

    [Fact]
    public void Shards_merge_into_one_result_set_with_summary_env_and_traces()
    {
        string a = Shard("a", ("counter", "lwkt"), ("counter", "os-futex"));
        string b = Shard("b", ("yield", "lwkt"));
        string c = Shard("c", ("yield", "os-futex"));
        string merged = Temp.Sub("merged");

        ResultMerger.MergeResult result = ResultMerger.Merge([a, b, c], merged, ["merge"]);

        Assert.Equal(4, result.Cells);
        Assert.Equal(8, result.Rows);
        IReadOnlyList<ResultRow> rows = ResultsFile.Read(merged);
        Assert.Equal(4, rows.Select(CellKey.Of).Distinct().Count());
        Assert.Equal(4, Summarizer.Summarize(rows).Count);
        Assert.True(File.Exists(Path.Combine(merged, Summarizer.FileName)));
        RunEnvironment? environment = RunEnvironmentFile.Read(Path.Combine(merged, RunEnvironmentFile.FileName));
        Assert.Equal("merged", environment?.State);
        Assert.Equal(4, environment?.SteadyState?.OkCells);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(merged, "traces")).Length);
    }

    [Fact]
    public void A_cell_in_two_inputs_is_refused()
    {
        string a = Shard("a", ("counter", "lwkt"));
        string b = Shard("b", ("counter", "lwkt"));

        var ex = Assert.Throws<UsageException>(() => ResultMerger.Merge([a, b], Temp.Sub("merged"), ["merge"]));
        Assert.Contains("is in both", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_is_a_usage_error() =>
        Assert.Throws<UsageException>(() => ResultMerger.Merge([Temp.Sub("none")], Temp.Sub("merged"), ["merge"]));
}
