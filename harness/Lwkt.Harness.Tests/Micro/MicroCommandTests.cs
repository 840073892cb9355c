using System.Globalization;
using System.Text.Json;

namespace Lwkt.Harness.Tests.Micro;

/// <summary>
/// <c>lwkt-bench micro</c> end to end: the real command starts the built Lwkt.Micro as a child, BenchmarkDotNet runs a
/// Dry job over a few benchmarks and the CSV and full JSON land under the run folder. By default the benchmarks run in
/// the child's own process (<c>--inProcess</c>: no generated project to build, a few seconds); with
/// <c>LWKT_STRESS=1</c> they run out of process as in a real run, which builds BenchmarkDotNet's generated project
/// (20 s to minutes on a busy machine).
/// </summary>
public class MicroCommandTests
{
    private static readonly bool s_outOfProcess = Environment.GetEnvironmentVariable("LWKT_STRESS") == "1";

    /// <summary>One lock on a baseline runtime, one on LWKT, and the LWKT switch (every class with a global setup).</summary>
    private static readonly string[] s_filter = ["*TicketLock.AcquireRelease", "*TokenLock.AcquireRelease", "*LwktYield*"];

    [Fact]
    public void A_dry_job_writes_csv_and_json_that_list_the_benchmarks()
    {
        using var temp = new TempFolder();
        string runFolder = temp.Sub("run");
        List<string> args = ["micro", "--out", runFolder, "--job", "dry", "--filter", .. s_filter];
        if (!s_outOfProcess)
        {
            args.Add("--inProcess");
        }

        (int exitCode, string output) = Run([.. args]);

        Assert.True(exitCode == ExitCodes.Ok, output);
        string results = Path.Combine(runFolder, "micro", "results");
        var expected = new Dictionary<string, string>
        {
            ["Lwkt.Micro.Locks.TicketLock"] = "AcquireRelease",
            ["Lwkt.Micro.Locks.TokenLock"] = "AcquireRelease",
            ["Lwkt.Micro.Yield.LwktYield"] = "Switch",
        };
        foreach ((string type, string method) in expected)
        {
            string csv = Path.Combine(results, $"{type}-report.csv");
            Assert.True(File.Exists(csv), $"{csv} missing; output:\n{output}");
            AssertCsvRow(csv, method);

            string json = Path.Combine(results, $"{type}-report-full.json");
            Assert.True(File.Exists(json), $"{json} missing");
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
            JsonElement benchmark = Assert.Single(document.RootElement.GetProperty("Benchmarks").EnumerateArray());
            Assert.Equal($"{type}.{method}", benchmark.GetProperty("FullName").GetString());
            Assert.True(benchmark.GetProperty("Statistics").GetProperty("Mean").GetDouble() > 0);
        }
    }

    [Fact]
    public void A_filter_that_matches_nothing_exits_2_and_leaves_no_run_folder()
    {
        using var temp = new TempFolder();
        string runFolder = temp.Sub("run");

        (int exitCode, string output) = Run(["micro", "--out", runFolder, "--filter", "NoSuchBenchmark*"]);

        Assert.True(exitCode == ExitCodes.Usage, output);
        Assert.False(Directory.Exists(runFolder));
    }

    [Fact]
    public void The_list_names_every_primitive_on_every_runtime()
    {
        (int exitCode, string output) = Run(["micro", "--list", "flat"]);

        Assert.Equal(ExitCodes.Ok, exitCode);
        string[] names =
        [
            "Locks.TokenLock.AcquireRelease", "Locks.MonitorLock.TryAcquireRelease", "Locks.SystemLock.AcquireRelease",
            "Locks.FutexMutexLock.AcquireRelease", "Locks.TtasLock.AcquireRelease", "Locks.TicketLock.AcquireRelease",
            "Locks.SemaphoreSlimLock.AcquireRelease", "RwLocks.TokenRw.SharedAcquireRelease",
            "RwLocks.ReaderWriterLockSlimRw.SharedAcquireRelease", "RwLocks.FutexRw.SharedAcquireRelease",
            "RwLocks.SpinRw.SharedAcquireRelease", "RwLocks.AsyncRw.SharedAcquireRelease", "Yield.LwktYield.Switch",
            "Yield.OsThreadYield.Switch", "Yield.TaskYield.Switch", "RoundTrip.LwktPortRoundTrip.RoundTrip",
            "RoundTrip.FutexRoundTrip.RoundTrip", "RoundTrip.MonitorRoundTrip.RoundTrip", "RoundTrip.ChannelRoundTrip.RoundTrip",
            "RoundTrip.SemaphoreSlimRoundTrip.RoundTrip", "Spawn.LwktSpawnJoin.SpawnJoin", "Spawn.OsThreadSpawnJoin.SpawnJoin",
            "Spawn.TaskRunSpawnJoin.SpawnJoin", "Ipi.IpiLatency.SendToProcessed", "Futexes.FutexWake.WakeWithoutWaiter",
            "Futexes.FutexWake.WakeWithWaiter", "Handoff.LwktSleepQueueHandoff.Handoff", "Handoff.MonitorHandoff.Handoff",
            "Handoff.FutexSequenceHandoff.Handoff",
        ];
        foreach (string name in names)
        {
            Assert.Contains($"Lwkt.Micro.{name}", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Out_and_artifacts_together_are_refused()
    {
        (int exitCode, string output) = Run(["micro", "--out", "a", "--artifacts", "b", "--list", "flat"]);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--artifacts", output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) Run(string[] args)
    {
        var output = new StringWriter();
        int exitCode = Program.Run(args, output, output);
        return (exitCode, output.ToString());
    }

    /// <summary>The CSV has the benchmark's row, with the mean in bare invariant nanoseconds and the unit in the header.</summary>
    private static void AssertCsvRow(string path, string method)
    {
        string[] lines = File.ReadAllLines(path);
        List<string> header = SplitCsv(lines[0]);
        int methodColumn = header.IndexOf("Method");
        int meanColumn = header.IndexOf("Mean [ns]");
        Assert.True(methodColumn >= 0 && meanColumn >= 0, $"{path}: header {lines[0]}");
        Assert.Contains("Allocated [B]", header);
        List<string> row = Assert.Single(lines.Skip(1).Select(SplitCsv), r => r[methodColumn] == method);
        Assert.True(double.TryParse(row[meanColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double mean) && mean > 0,
            $"{path}: mean '{row[meanColumn]}' is not a positive invariant number");
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
