using Lwkt.Harness.Commands;
using Lwkt.Harness.Compare;
using Lwkt.Harness.Tests.Compare;
using Lwkt.Harness.Display;
using Lwkt.Harness.Results;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Tests.Running;

/// <summary>
/// A CPU made slower in every other iteration, in a real child: the <c>slowcpu</c> test fault runs a thread of the
/// child on the cell's CPU that takes a third or more of it in slices far shorter than the calibration's chunks (the
/// host's slow state seen from the guest), in odd iterations only. The calibration around each iteration must read
/// slower in exactly those, and the cell's swing must be flagged as the machine's in summary.csv, the run's output and
/// the report; <c>compare</c>'s note comes from the same rows. Without the probe, the rank rule or the flag, a test here fails.
/// </summary>
/// <remarks>
/// The planted thread's CPU time is the child's own, so no iteration counts as disturbed by other work; a cold run
/// (no warm-up) numbers the measured iterations 1, 2, 3… as the fault counts them. The thread runs at nice -20 (root):
/// it must preempt the cell at once however busy the machine is, as the host's slowdown does. Runs alone: it takes
/// a CPU's share from whatever runs beside it (<see cref="DisturbanceRunCollection"/>).
/// </remarks>
[Collection(DisturbanceRunCollection.Name)]
public sealed class HostSpeedRunTests : TempFolderTest
{
    [Fact]
    public async Task A_cell_slowed_with_its_cpu_every_other_iteration_is_flagged_as_swinging_with_the_machine()
    {
        // Up to 3 runs: work beside the test that the harness does not see as a disturbance (CI's one-core hog pushing
        // the test host onto the cell's CPU) can move the cell's ops/s more than the fault does, and the rank
        // correlation then falls under the flag's 0.6 (0.48 and 0.56 seen, 1 run in 4 under a hog). Without the probe,
        // the rank rule or the flag, no run flags the cell and the test fails.
        string folder = "";
        RunResult? result = null;
        var output = new StringWriter();
        IReadOnlyList<ResultRow> rows = [];
        var misses = new List<string>();
        for (int attempt = 0; attempt < 3 && result is null; attempt++)
        {
            folder = Path.Combine(Temp.Path, $"run{attempt}");
            RunOptions options = TestRuns.Tiny(folder, workloads: "uncontended", runtimes: "os-monitor") with
            {
                Threads = ValueParsers.ParseThreads("1"),
                Iterations = 8,
                Duration = TimeSpan.FromMilliseconds(60),
                ChildEnvironment = TestRuns.Fault("slowcpu@uncontended"),
            };
            output = new StringWriter();
            RunResult run = await TestRuns.RunAsync(options, new PlainProgress(output));

            rows = ResultsFile.Read(Path.Combine(folder, ResultsFile.FileName));
            ResultRow[] measured = [.. rows.Where(r => r.Phase == ResultRow.PhaseMeasure)];
            Assert.Equal(8, measured.Length);
            // Medians: the real host may slow an iteration of either kind too (1.6–1.9 ns per step against 1.54 on the VM).
            double slowed = Median(measured.Where(r => r.Iteration % 2 == 1));
            double others = Median(measured.Where(r => r.Iteration % 2 == 0));
            Assert.True(slowed > others * 1.2, $"calibration in slowed iterations {slowed:0.000}, in the others {others:0.000} ns per step (medians)");

            SummaryRow cellSummary = Assert.Single(run.Summary);
            if (cellSummary.MachineFollowed)
            {
                result = run;
            }
            else
            {
                misses.Add($"machine_swing {cellSummary.MachineSwing}, machine_rho {cellSummary.MachineRho}, ops/s {cellSummary.OpsPerSMin}-{cellSummary.OpsPerSMax}");
            }
        }

        Assert.True(result is not null, $"no run flagged the cell: {string.Join("; ", misses)}");
        Assert.Contains(" (host speed swung ", output.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("the host's speed swung in step with 1 of 1 cells", Format.HostSpeedNote(result.Summary), StringComparison.Ordinal);

        // The summary file carries the same flag.
        SummaryRow written = Assert.Single(CsvTable.Read(Path.Combine(folder, Summarizer.FileName), SummaryColumns.All, () => new SummaryRow(), (_, _) => { }));
        Assert.True(written.MachineFollowed);

        ResultCell cell = Assert.Single(ResultCell.Group(rows));
        Assert.StartsWith("iterations swung", cell.MachineNote, StringComparison.Ordinal);

        // The report's summary table says it in the cell's status.
        string reportFolder = Path.Combine(folder, "report");
        Assert.Equal(0, CommandRunner.Run(ReportCommand.Create(), folder, "--out", reportFolder).ExitCode);
        Assert.Contains("| ok; iterations swung", File.ReadAllText(Path.Combine(reportFolder, "report.md")), StringComparison.Ordinal);
    }

    private static double Median(IEnumerable<ResultRow> rows)
    {
        double[] values = [.. rows.Select(r => r[Metric.MachineNsPerStep]!.Value).Order()];
        return (values[(values.Length - 1) / 2] + values[values.Length / 2]) / 2;
    }
}
