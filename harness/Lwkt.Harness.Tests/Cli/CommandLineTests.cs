using System.Diagnostics;

namespace Lwkt.Harness.Tests.Cli;

public sealed class CommandLineTests : TempFolderTest
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CommandRunner.Program(args);

    /// <summary>The real program, as a user runs it.</summary>
    private static (int ExitCode, string Output, string Error) RunProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lwkt-bench.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "lwkt-bench did not finish");
        return (process.ExitCode, output.Result, error.Result);
    }

    private static void AssertOneLineUsageError((int ExitCode, string Output, string Error) result, string expected)
    {
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        string[] lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Matches("^lwkt-bench( [a-z]+)*: ", lines[0]);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    [InlineData(new string[0], "command")]
    [InlineData(new[] { "run", "--cores" }, "--cores")]
    [InlineData(new[] { "run", "--bogus" }, "--bogus")]
    [InlineData(new[] { "run", "--cores", "0" }, "--cores 0 must be at least 1")]
    [InlineData(new[] { "run", "--cores", "99" }, "--cores 99: this machine lets the harness use")]
    [InlineData(new[] { "run", "--duration", "abc" }, "--duration 'abc' is not a positive duration")]
    [InlineData(new[] { "run", "--shard", "4/3" }, "--shard 4/3")]
    [InlineData(new[] { "run", "--warmup", "-1" }, "--warmup -1 must be in 0..1000")]
    [InlineData(new[] { "run", "--iterations", "x" }, "--iterations 'x' is not a whole number")]
    [InlineData(new[] { "run", "--trace", "perf" }, "--trace 'perf'")]
    [InlineData(new[] { "run", "--threads", "0" }, "--threads 0 must be in 1..")]
    [InlineData(new[] { "run", "--param", "cs_ns" }, "--param 'cs_ns' is not of the form")]
    [InlineData(new[] { "run", "--resume" }, "--resume needs --out")]
    [InlineData(new[] { "run", "--workloads", "countr" }, "unknown workload 'countr'")]
    [InlineData(new[] { "run", "--runtimes", "os-mutex" }, "unknown runtime 'os-mutex'")]
    [InlineData(new[] { "run", "--workloads", "counter", "--param", "cs_ns=fast" }, "cs_ns")]
    [InlineData(new[] { "merge", "/nonexistent/lwkt", "--out", "/tmp/x" }, "no results.csv there")]
    [InlineData(new[] { "merge", "/tmp" }, "--out")]
    public void Bad_input_is_one_line_on_stderr_and_exit_code_2(string[] args, string expected) =>
        AssertOneLineUsageError(Run(args), expected);

    [Fact]
    public void The_real_program_maps_bad_input_to_exit_code_2() =>
        AssertOneLineUsageError(RunProcess("run", "--cores", "0"), "--cores 0");

    [Fact]
    public void The_real_program_refuses_an_unknown_command() =>
        AssertOneLineUsageError(RunProcess("frobnicate"), "frobnicate");

    [Fact]
    public void List_shows_workloads_with_parameters_runtimes_and_suites_but_no_test_faults()
    {
        (int exitCode, string output, _) = Run("list");

        Assert.Equal(0, exitCode);
        Assert.Contains("Workloads (13):", output, StringComparison.Ordinal);
        Assert.Contains("--param cs_ns=100", output, StringComparison.Ordinal);
        Assert.Contains("Runtimes (6):", output, StringComparison.Ordinal);
        Assert.Contains("Floors (1;", output, StringComparison.Ordinal);
        Assert.Contains("  async-floor", output, StringComparison.Ordinal);
        Assert.Contains("quick", output, StringComparison.Ordinal);
        Assert.DoesNotContain("LWKT_TEST_FAULT", output, StringComparison.Ordinal);
        Assert.DoesNotContain("exit3", output, StringComparison.Ordinal);
        Assert.DoesNotContain("test fault", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_run_command_writes_rows_for_cores_1_and_all()
    {
        string folder = Temp.Sub("run");

        (int exitCode, string output, string error) = RunProcess(
            "run", "--workloads", "counter", "--runtimes", "os-monitor", "--cores", "1,all", "--threads", "4",
            "--duration", "30ms", "--warmup", "0", "--iterations", "2", "--out", folder);

        Assert.True(exitCode == 0, error);
        Assert.Contains("median ops/s per cell", output, StringComparison.Ordinal);
        Assert.Contains("os-monitor", output, StringComparison.Ordinal);
        IReadOnlyList<ResultRow> rows = ResultsFile.Read(folder);
        int all = Lwkt.Harness.Machine.CpuTopology.Current().Count;
        Assert.Equal(new[] { 1, all }.Distinct().Order(), rows.Select(r => r.Cores).Distinct().Order());
        Assert.All(rows, r => Assert.Equal(RowStatus.Ok, r.Status));
        Assert.True(File.Exists(Path.Combine(folder, "summary.csv")));
        Assert.True(File.Exists(Path.Combine(folder, "env.json")));
    }

    [Fact]
    public void A_run_with_a_crashed_cell_exits_1_after_writing_every_row()
    {
        string folder = Temp.Sub("run");

        // The fault reaches the child through the environment the harness passes on.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "lwkt-bench.dll"), "run", "--workloads", "counter", "--runtimes", "os-monitor", "--cores", "1", "--duration", "20ms", "--warmup", "0", "--iterations", "1", "--out", folder })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[Workloads.Host.Protocol.HostProtocol.TestFaultVariable] = "exit3";
        using Process process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(ExitCodes.Failure, process.ExitCode);
        Assert.Contains("crashed", stdout, StringComparison.Ordinal);
        Assert.Equal(RowStatus.Crashed, Assert.Single(ResultsFile.Read(folder)).Status);
    }
}
