using Lwkt.Harness.Results;
using Lwkt.Harness.Tests.Ci;

namespace Lwkt.Harness.Tests.Results;

/// <summary>
/// Every result set under <c>results/reference/</c> loads with today's schema: a reference that no longer reads, or
/// whose three files disagree, fails here rather than in a user's <c>compare</c>.
/// </summary>
public sealed class ReferenceResultsTests
{
    private static readonly string s_reference = Shell.PathOf("results/reference");

    /// <summary>The reference sets: every folder under <c>results/reference/</c>, by name.</summary>
    public static TheoryData<string> Sets() =>
        [.. Directory.GetDirectories(s_reference).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Fact]
    public void There_is_a_reference_set_and_each_holds_the_three_files()
    {
        string[] sets = Directory.GetDirectories(s_reference);

        Assert.NotEmpty(sets);
        Assert.All(sets, set => Assert.All(
            [ResultsFile.FileName, Summarizer.FileName, RunEnvironmentFile.FileName],
            file => Assert.True(File.Exists(Path.Combine(set, file)), $"{set} has no {file}")));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Its_headers_are_a_prefix_of_todays_columns(string set)
    {
        string folder = Path.Combine(s_reference, set);

        AssertPrefix(File.ReadLines(Path.Combine(folder, ResultsFile.FileName)).First(), ResultColumns.All.Select(c => c.Name));
        AssertPrefix(File.ReadLines(Path.Combine(folder, Summarizer.FileName)).First(), SummaryColumns.All.Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void It_loads_and_its_summary_and_environment_agree_with_its_rows(string set)
    {
        string folder = Path.Combine(s_reference, set);

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(folder);
        List<SummaryRow> summary = CsvTable.Read(Path.Combine(folder, Summarizer.FileName), SummaryColumns.All, () => new SummaryRow(), (_, _) => { });
        RunEnvironment? environment = RunEnvironmentFile.Read(Path.Combine(folder, RunEnvironmentFile.FileName));

        Assert.NotEmpty(rows);
        Assert.NotNull(environment);
        Assert.Matches("^[0-9a-f]{40}$", environment.Machine.GitSha);
        IReadOnlyList<SummaryRow> recomputed = Summarizer.Summarize(rows);
        Assert.Equal(recomputed.Select(s => (s.Key, s.Status)).Order(), summary.Select(s => (s.Key, s.Status)).Order());
        Assert.Equal(environment.Cells, summary.Count);
        Assert.All(summary.Where(s => s.Status == RowStatus.Ok), s => Assert.True(s.Iterations > 0, $"{s.Key.Label}: no iterations"));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void A_set_measured_with_the_steady_state_harness_is_steady_in_every_cell(string set)
    {
        string folder = Path.Combine(s_reference, set);
        IReadOnlyList<ResultRow> rows = ResultsFile.Read(folder);
        if (rows.All(r => r.Steady is null))
        {
            return; // measured before the harness knew steady state (the README of the set says so)
        }

        SteadyStateSummary? steady = RunEnvironmentFile.Read(Path.Combine(folder, RunEnvironmentFile.FileName))!.SteadyState;

        Assert.NotNull(steady);
        Assert.True(steady.AllSteady, $"{set}: never steady {string.Join(", ", steady.NeverSteady)}; unknown {string.Join(", ", steady.Unknown)}");
        SteadyStateSummary counted = SteadyStateSummary.Of(Summarizer.Summarize(rows));
        Assert.Equal((counted.OkCells, counted.SteadyCells), (steady.OkCells, steady.SteadyCells));
    }

    private static void AssertPrefix(string header, IEnumerable<string> columns)
    {
        string[] names = header.Split(',');
        Assert.Equal(columns.Take(names.Length), names);
    }
}
