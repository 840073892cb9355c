namespace Lwkt.Harness.Tests.Tracing;

public sealed class FailedSessionTests
{
    /// <summary>
    /// A child whose diagnostics are off never connects: the cell still runs and keeps its numbers, the row says why
    /// there is no trace.
    /// </summary>
    [Fact]
    public async Task A_session_that_cannot_start_is_reported_in_the_row_and_the_cell_stays_ok()
    {
        using var folder = new TempFolder();
        RunOptions options = TestRuns.Tiny(folder.Sub("run")) with
        {
            Iterations = 1,
            Trace = TraceProfile.Runtime,
            ChildEnvironment = new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" },
        };
        RunPlan plan = TestRuns.Plan(options);

        RunResult result = await new BenchmarkRunner(plan, options, HostLocator.FindHostDll(), EventPipeCellHook.For(TraceProfile.Runtime), ["test"])
            .RunAsync(new PlainProgress(TextWriter.Null), CancellationToken.None);

        ResultRow row = Assert.Single(ResultsFile.Read(Path.Combine(result.Folder, ResultsFile.FileName)));
        Assert.Equal(RowStatus.Ok, row.Status);
        Assert.True(row[Metric.OpsPerSecond] > 0);
        Assert.True(string.IsNullOrEmpty(row.TraceFile));
        Assert.Contains("trace:", row.Error, StringComparison.Ordinal);
        Assert.Contains("without connecting", row.Error, StringComparison.Ordinal);
    }

    /// <summary>A child that crashes or hangs under tracing keeps its failure status; the session never blocks the run.</summary>
    [Theory]
    [InlineData("crash", RowStatus.Crashed, 60)]
    [InlineData("hang", RowStatus.Timeout, 3)]
    public async Task A_traced_child_that_crashes_or_hangs_keeps_its_status_and_the_run_goes_on(string fault, string status, int timeoutSeconds)
    {
        using var folder = new TempFolder();
        RunOptions options = TestRuns.Tiny(folder.Sub("run")) with
        {
            Iterations = 1,
            Trace = TraceProfile.Runtime,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            ChildEnvironment = TestRuns.Fault(fault + "@counter"),
        };
        RunPlan plan = TestRuns.Plan(options);

        RunResult result = await new BenchmarkRunner(plan, options, HostLocator.FindHostDll(), EventPipeCellHook.For(TraceProfile.Runtime), ["test"])
            .RunAsync(new PlainProgress(TextWriter.Null), CancellationToken.None);

        SummaryRow cell = Assert.Single(result.Summary);
        Assert.Equal(status, cell.Status);
    }
}
