using System.Text.Json;

namespace Lwkt.Harness.Tests.Tracing;

[Collection(TraceDiffCollection.Name)]
public sealed class TraceDiffTests
{
    /// <summary>The planted slowdown's frame: every slowed release spends its extra work in it.</summary>
    private const string StallFrame = "Lwkt.Workloads.TestSlowdown.Stall";

    /// <summary>The planted slowdown's type: its frames are the slowed lock path (the stall, or the release that calls it).</summary>
    private const string SlowdownType = "Lwkt.Workloads.TestSlowdown";

    private readonly TraceDiffFixture _runs;

    public TraceDiffTests(TraceDiffFixture runs) => _runs = runs;

    [Fact]
    public void The_windowed_rows_say_which_iteration_was_traced_and_the_trace_counts_its_ops()
    {
        ResultRow[] rows = [.. _runs.Rows("base")];
        TraceSummary summary = TraceSummary.Read(_runs.BaseTrace);

        ResultRow row = Assert.Single(rows);
        Assert.Equal("full@1", row.Trace);
        Assert.Equal((long?)row[Metric.Ops], summary.Cell.Ops);
        Assert.Contains("measured iteration 1 only", summary.Cell.Coverage, StringComparison.Ordinal);
        Assert.Equal(0, summary.EventsLost);
    }

    [Fact]
    public void The_planted_slowdown_is_among_the_top_three_movers()
    {
        TraceDiff diff = TraceDiff.Compare(TraceSummary.Read(_runs.BaseTrace), TraceSummary.Read(_runs.NewTrace));

        Assert.True(diff.PerOp);
        FrameMove[] top = [.. diff.Frames.Take(3)];
        Assert.True(top.Any(f => f.Frame.StartsWith(SlowdownType, StringComparison.Ordinal)), "top three: " + string.Join(", ", top.Select(f => $"{f.Frame} {f.Magnitude:P1}")));
        FrameMove stall = diff.Frames.First(f => f.Frame == StallFrame);
        Assert.Equal(0, stall.BaseInclusive);
        Assert.True(stall.NewInclusive > 0.05, $"the stall holds {stall.NewInclusive:P1} of the new trace's running samples");
    }

    [Theory]
    [InlineData("table")]
    [InlineData("markdown")]
    public void Table_and_markdown_name_the_stall_in_the_first_three_frame_rows(string format)
    {
        (int code, string output, string error) = CommandRunner.Run(TraceCommand.Create(), "diff", _runs.BaseTrace, _runs.NewTrace, "--format", format);

        Assert.True(code == 0, error);
        string[] frameRows = [.. output.Split('\n')
            .SkipWhile(l => !l.Contains("frames that appeared, vanished or moved most", StringComparison.Ordinal))
            .Where(l => l.Contains("lwkt-worker", StringComparison.Ordinal))];
        Assert.Contains(frameRows.Take(3), l => l.Contains(SlowdownType, StringComparison.Ordinal));
        Assert.Contains(frameRows, l => l.Contains(StallFrame, StringComparison.Ordinal));
        Assert.Contains("per op", output, StringComparison.Ordinal);
        if (format == "markdown")
        {
            Assert.Contains("| `" + StallFrame + "` |", output, StringComparison.Ordinal);
            Assert.StartsWith("### trace diff: counter lwkt", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Json_lists_the_stall_among_the_first_three_frames_with_raw_shares()
    {
        (int code, string output, string error) = CommandRunner.Run(TraceCommand.Create(), "diff", _runs.BaseTrace, _runs.NewTrace, "--format", "json");

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("per_op").GetBoolean());
        JsonElement[] frames = [.. root.GetProperty("frames").EnumerateArray()];
        Assert.Contains(frames.Take(3), f => f.GetProperty("frame").GetString()!.StartsWith(SlowdownType, StringComparison.Ordinal));
        JsonElement stall = frames.First(f => f.GetProperty("frame").GetString() == StallFrame);
        Assert.Equal(0, stall.GetProperty("base_inclusive").GetDouble());
        Assert.Equal("new", stall.GetProperty("on").GetString());
        Assert.InRange(stall.GetProperty("new_inclusive").GetDouble(), 0.05, 1);
        Assert.True(root.GetProperty("base").GetProperty("ops").GetInt64() > 0);
    }

    [Theory]
    [InlineData("lwkt", ThreadKind.LwktWorker)]
    [InlineData("os-monitor", ThreadKind.OsThread)]
    public void Hot_frames_of_a_busy_loop_name_the_loop_method_on_the_workload_threads(string runtime, ThreadKind kind)
    {
        TraceSummary summary = TraceSummary.Read(_runs.HogTraces[runtime]);

        KindProfile workers = summary.Frames!.Of(kind);
        Assert.True(workers.Running > 0, $"{runtime}: no running samples of {kind} threads");
        // Among the top three, not necessarily first: under a one-core CPU hog the lwkt worker's own event writing
        // (EventPipeEvent, the trace's runtime keywords) was seen to take the first place in a 1 s window.
        Assert.Contains("Lwkt.Workloads.Measurement.CpuWork.Loop", workers.TopExclusive(3).Select(f => f.Key));
        // The hogs never wait; the ping-pong threads spin in their waits too, so on a loaded machine the hogs' share of
        // the running samples is well under all of it (about half on 2 cores), but never small.
        Assert.InRange(workers.InclusiveShare("Lwkt.Workloads.Catalog.HogWorkload.HogAsync [async]"), 0.1, 1);
        // One worker per virtual CPU on lwkt; one OS thread per workload thread (two pairs and the hogs) on the baseline.
        Assert.Equal(kind == ThreadKind.LwktWorker ? Math.Min(2, Environment.ProcessorCount) : 4 + Math.Min(2, Environment.ProcessorCount), workers.Threads);
    }

    [Fact]
    public void A_trace_against_itself_moves_nothing()
    {
        (int code, string output, string error) = CommandRunner.Run(TraceCommand.Create(), "diff", _runs.BaseTrace, _runs.BaseTrace);

        Assert.True(code == 0, error);
        Assert.Contains("no frame moved beyond the threshold", output, StringComparison.Ordinal);
        Assert.Contains("no count moved beyond the threshold", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_without_samples_is_one_line_and_exit_code_2()
    {
        CommandRunner.AssertUsageError(CommandRunner.Run(TraceCommand.Create(), "diff", _runs.BaseTrace, _runs.NoSamplesTrace), "no CPU samples");
    }

    [Fact]
    public void Traces_of_different_workloads_are_one_line_and_exit_code_2()
    {
        // Away from its run the trace's file name tells its cell: the same bytes named as a hog cell.
        string renamed = _runs.Scratch("away/traces/hog_lwkt_c2_t4.nettrace");
        Directory.CreateDirectory(Path.GetDirectoryName(renamed)!);
        File.Copy(_runs.NewTrace, renamed);

        CommandRunner.AssertUsageError(CommandRunner.Run(TraceCommand.Create(), "diff", _runs.BaseTrace, renamed), "different workloads (counter in");
    }

    [Fact]
    public void A_trace_away_from_its_run_compares_totals_and_says_so()
    {
        string moved = _runs.Scratch("moved/traces/counter_lwkt_c2_t4_moved.nettrace");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        File.Copy(_runs.NewTrace, moved, overwrite: true);

        (int code, string output, string error) = CommandRunner.Run(TraceCommand.Create(), "diff", _runs.BaseTrace, moved);

        Assert.True(code == 0, error);
        Assert.Contains("totals compared, not rates per operation", output, StringComparison.Ordinal);
        Assert.Contains("counts total", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "svg")]
    [InlineData("--min-share-change", "-1")]
    [InlineData("--top", "0")]
    public void Bad_options_are_exit_code_2(string option, string value)
    {
        (int code, _, string error) = CommandRunner.Run(TraceCommand.Create(), "diff", _runs.BaseTrace, _runs.NewTrace, option, value);

        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
