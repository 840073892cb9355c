using Lwkt.Harness.Floor;
using Lwkt.Harness.Machine;
using Lwkt.Harness.Results;
using Lwkt.Harness.Tests.Compare;

namespace Lwkt.Harness.Tests.Floor;

public sealed class FloorProbeTests
{
    [Fact]
    public void The_probe_times_every_batch_with_each_thread_on_its_own_cpu()
    {
        // Needs two CPUs (the probe checks where each thread ran its last round trip and throws when not where pinned).
        if (FloorProbe.Cpus(CpuTopology.Current()) is not { } cpus)
        {
            return;
        }

        FloorResult result = FloorProbe.Measure(cpus, batches: 21, roundTrips: 200);

        Assert.Equal(21, result.Batches.Count);
        Assert.All(result.Batches, ns => Assert.True(ns > 0, $"a batch of {ns} ns per round trip"));
        Assert.Equal((cpus.Initiator, cpus.Responder), (result.InitiatorCpu, result.ResponderCpu));
        Assert.InRange(result.Median, result.Q1, result.Q3);
    }

    [Fact]
    public void A_batch_the_host_disturbed_moves_neither_the_median_nor_the_quartiles_much()
    {
        FloorResult result = FloorResult.Of(0, 1, 1000, [120, 118, 122, 9000, 121, 119, 120]);

        Assert.Equal(120, result.Median);
        Assert.Equal(119.5, result.Q1);
        Assert.Equal(121.5, result.Q3);
        Assert.Equal(1 / 7.0, result.DisturbedShare, 6);
        Assert.Contains("median 120.0 ns", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_that_saw_several_floors_reports_each_with_its_share()
    {
        // The development VM's three floors (SMT siblings, one core complex, two), one disturbed batch, a little jitter.
        FloorResult result = FloorResult.Of(0, 1, 1000, [67, 440, 121, 68.5, 9000, 119, 67.5, 430, 120, 122, 450, 69]);

        IReadOnlyList<FloorMode> modes = result.Modes;

        Assert.Equal([new FloorMode(68, 4 / 12.0), new FloorMode(120.5, 4 / 12.0), new FloorMode(440, 3 / 12.0)], modes);
        Assert.Contains("; modes 68.0 ns 33 %, 120.5 ns 33 %, 440.0 ns 25 %", result.Describe(), StringComparison.Ordinal);
        Assert.Equal([new FloorMode(120, 10 / 11.0)], FloorResult.Of(0, 1, 1000, [120, 118, 122, 9000, 121, 119, 120, 120, 121, 119, 120]).Modes);

        // Disturbed batches that chain into one wide group (each within 1.3x of the next) are no floor.
        Assert.Equal(
            [new FloorMode(120, 10 / 16.0)],
            FloorResult.Of(0, 1, 1000, [120, 118, 122, 1000, 121, 119, 1250, 1560, 120, 120, 1950, 2440, 121, 119, 3050, 120]).Modes);
    }

    [Fact]
    public void A_cell_is_a_multiple_of_the_probes_around_it_and_flagged_when_they_disagree()
    {
        string folder = Path.Combine(Path.GetTempPath(), "floorlog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var log = new FloorLog(folder);
            var steady = new CellKey("pingpong", "lwkt", 2, 2, "placement=cross");
            var changed = new CellKey("pingpong", "os-spin", 2, 2, "placement=cross");
            var twoModes = new CellKey("pingpong", "os-futex", 2, 2, "placement=cross");
            log.Record(steady, 1, "before", FloorResult.Of(0, 1, 1000, [100]));
            log.Record(steady, 1, "after", FloorResult.Of(0, 1, 1000, [110]));
            log.Record(changed, 1, "before", FloorResult.Of(0, 1, 1000, [120]));
            log.Record(changed, 1, "after", FloorResult.Of(0, 1, 1000, [400]));
            log.Record(twoModes, 1, "before", FloorResult.Of(0, 1, 1000, [110, 111, 112, 400, 401, 402]));
            log.Record(twoModes, 1, "after", FloorResult.Of(0, 1, 1000, [110, 111, 112, 400, 401, 402]));
            SummaryRow Row(CellKey key, double ns)
            {
                var row = new SummaryRow { Key = key };
                row.Medians[Metric.NsPerOp] = ns;
                return row;
            }

            IReadOnlyList<string> lines = log.Ratios([Row(steady, 210), Row(changed, 520), Row(twoModes, 512)]);

            Assert.Equal(3, lines.Count);
            Assert.Contains("= 2.00 x floor 105.0 ns", lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("unreliable", lines[0], StringComparison.Ordinal);
            Assert.Contains("= 2.00 x floor 260.0 ns", lines[1], StringComparison.Ordinal);
            Assert.Contains("the floor changed during the cell", lines[1], StringComparison.Ordinal);
            Assert.Contains("the floor changed during the cell", lines[2], StringComparison.Ordinal);
            Assert.Equal(7, File.ReadAllLines(Path.Combine(folder, FloorLog.FileName)).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_floor_command_refuses_zero_batches() =>
        CommandRunner.AssertUsageError(CommandRunner.Program("floor", "--batches", "0"), "--batches");
}
