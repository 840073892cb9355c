using System.Text.Json;

namespace Lwkt.Harness.Tests.Tracing;

[Collection(TracedRunCollection.Name)]
public sealed class TracedRunTests
{
    private readonly TracedRunFixture _run;

    public TracedRunTests(TracedRunFixture run) => _run = run;

    [Fact]
    public void Every_row_is_ok_and_points_at_its_cells_nettrace()
    {
        Assert.Equal(3, _run.Rows.Count);
        foreach (ResultRow row in _run.Rows)
        {
            Assert.True(row.Status == RowStatus.Ok, $"{row.Runtime}: {row.Status} {row.Error}");
            Assert.True(string.IsNullOrEmpty(row.Error), $"{row.Runtime}: {row.Error}");
            Assert.Equal(Path.Combine("traces", $"counter_{row.Runtime}_c{_run.Cores}_t4_cs-ns-20000_think-ns-2000.nettrace"), row.TraceFile);
            Assert.True(new FileInfo(Path.Combine(_run.Result.Folder, row.TraceFile!)).Length > 0);
            Assert.Equal("full", row.Trace);
        }
    }

    [Fact]
    public void The_lwkt_trace_has_switches_on_every_virtual_cpu_and_thread_lifecycles()
    {
        TraceSummary summary = TraceSummary.Read(_run.TraceOf("lwkt"));

        Assert.Equal(0, summary.EventsLost);
        Assert.Equal(Enumerable.Range(0, _run.Cores), summary.Cpus.Keys.Where(c => c >= 0));
        Assert.All(summary.Cpus.Where(c => c.Key >= 0), c => Assert.True(c.Value.Switches > 0, $"cpu {c.Key} has no switch"));
        Assert.True(summary.LwktThreads.Created >= 4, $"{summary.LwktThreads.Created} threads created");
        Assert.True(summary.LwktThreads.Exited >= 4, $"{summary.LwktThreads.Exited} threads exited");
        Assert.Contains("Lwkt-Runtime/Switch", summary.EventKinds.Keys);
    }

    [Fact]
    public void The_os_monitor_trace_has_clr_contention_with_durations()
    {
        TraceSummary summary = TraceSummary.Read(_run.TraceOf("os-monitor"));

        DurationStats stops = summary.EventKinds["Microsoft-Windows-DotNETRuntime/Contention/Stop"];
        Assert.True(stops.Count > 0);
        Assert.True(stops.Timed > 0);
        Assert.Contains(summary.Contention, c => c.Key.Source == "clr" && c.Value.Count > 0);
        Assert.Empty(summary.Cpus);
    }

    [Fact]
    public void The_os_futex_trace_has_baseline_lock_contention()
    {
        TraceSummary summary = TraceSummary.Read(_run.TraceOf("os-futex"));

        Assert.Contains(summary.Contention, c => c.Key.Source == "futex-mutex" && c.Value.Count > 0 && c.Value.Timed > 0);
        Assert.True(summary.EventKinds["Lwkt-Baselines/Contention/Start"].Count > 0);
    }

    [Fact]
    public void Trace_summary_prints_the_lwkt_cpu_table_and_the_clr_contention()
    {
        (int lwktCode, string lwkt, string lwktError) = CommandRunner.Run(TraceCommand.Create(), "summary", _run.TraceOf("lwkt"));
        (int monitorCode, string monitor, _) = CommandRunner.Run(TraceCommand.Create(), "summary", _run.TraceOf("os-monitor"));

        Assert.True(lwktCode == 0, lwktError);
        Assert.Contains("Lwkt-Runtime/Switch", lwkt, StringComparison.Ordinal);
        Assert.Contains("switches", lwkt, StringComparison.Ordinal);
        Assert.Equal(0, monitorCode);
        Assert.Contains("Contention/Stop", monitor, StringComparison.Ordinal);
        Assert.Contains(" clr ", monitor, StringComparison.Ordinal);
    }

    [Fact]
    public void Exclusive_shares_add_up_to_the_running_samples_of_each_thread_kind()
    {
        TraceSummary summary = TraceSummary.Read(_run.TraceOf("os-monitor"));

        foreach (KindProfile profile in summary.Frames!.Kinds.Values)
        {
            Assert.Equal(profile.Running, profile.Frames.Values.Sum(f => f.Exclusive));
            Assert.InRange(profile.Frames.Keys.Sum(f => profile.ExclusiveShare(f)), profile.Running == 0 ? 0 : 0.999999, 1.000001);
            Assert.All(profile.Frames.Values, f => Assert.InRange(f.Exclusive, 0, f.Inclusive));
            Assert.All(profile.Frames.Values, f => Assert.InRange(f.Inclusive, 0, profile.Running));
            Assert.Equal(profile.Samples, profile.Running + profile.OutsideManaged + profile.AtGcPoll);
        }
    }

    [Fact]
    public void Trace_summary_lists_the_hot_frames_per_thread_kind_and_counts_per_op()
    {
        (int code, string output, string error) = CommandRunner.Run(TraceCommand.Create(), "summary", _run.TraceOf("lwkt"), "--top", "3");

        Assert.True(code == 0, error);
        Assert.Contains("hot frames:", output, StringComparison.Ordinal);
        Assert.Contains("  lwkt-worker: ", output, StringComparison.Ordinal);
        Assert.Contains("Lwkt.Workloads.Measurement.CpuWork.Loop", output, StringComparison.Ordinal);
        Assert.Contains("per op", output, StringComparison.Ordinal);
        Assert.Contains($"ops: {_run.Rows.Single(r => r.Runtime == "lwkt")[Metric.Ops]}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chrome_timeline_is_valid_json_with_one_lane_per_virtual_cpu()
    {
        string output = _run.Scratch("lwkt.chrome.json");
        (int code, _, string error) = CommandRunner.Run(TraceCommand.Create(), "convert", _run.TraceOf("lwkt"), "--format", "chrome", "--out", output);

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(output));
        JsonElement[] events = [.. json.RootElement.GetProperty("traceEvents").EnumerateArray()];
        int[] lanes = [.. events
            .Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name"
                && e.GetProperty("pid").GetInt32() == ChromeTimeline.CpuProcess)
            .Select(e => e.GetProperty("tid").GetInt32())
            .Order()];
        Assert.Equal(Enumerable.Range(0, _run.Cores), lanes);
        Assert.Contains(events, e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("pid").GetInt32() == ChromeTimeline.CpuProcess
            && e.GetProperty("name").GetString()!.StartsWith("lwkt thread ", StringComparison.Ordinal));
        Assert.All(events.Where(e => e.GetProperty("ph").GetString() == "X"), e => Assert.True(e.GetProperty("dur").GetDouble() >= 0));
    }

    [Fact]
    public void Speedscope_holds_the_cpu_samples()
    {
        string output = _run.Scratch("monitor.speedscope.json");
        (int code, string text, string error) = CommandRunner.Run(TraceCommand.Create(), "convert", _run.TraceOf("os-monitor"), "--format", "speedscope", "--out", output);

        Assert.True(code == 0, error);
        Assert.Contains("samples", text, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(output));
        Assert.True(json.RootElement.GetProperty("profiles").GetArrayLength() > 0);
        Assert.True(json.RootElement.GetProperty("shared").GetProperty("frames").GetArrayLength() > 0);
    }

    [Fact]
    public void A_truncated_trace_is_one_line_and_exit_code_2()
    {
        byte[] bytes = File.ReadAllBytes(_run.TraceOf("lwkt"));
        string truncated = _run.Scratch("truncated.nettrace");
        File.WriteAllBytes(truncated, bytes[..Math.Min(bytes.Length / 3, 4096)]);

        CommandRunner.AssertUsageError(CommandRunner.Run(TraceCommand.Create(), "summary", truncated), "not a readable .nettrace file");
    }

    /// <summary>The official converter, where it is installed (LWKT_DOTNET_TRACE, PATH, ~/.dotnet/tools or /tmp/dt).</summary>
    [Fact]
    public void Dotnet_trace_convert_accepts_the_files_where_it_is_installed()
    {
        string? tool = DotnetTrace.Find();
        if (tool is null)
        {
            return;
        }

        foreach (string runtime in new[] { "lwkt", "os-monitor" })
        {
            string output = _run.Scratch(runtime + "-official");
            (int code, string text) = DotnetTrace.Convert(tool, _run.TraceOf(runtime), output);
            Assert.True(code == 0, text);
            Assert.True(File.Exists(output + ".speedscope.json"), text);
        }
    }
}
