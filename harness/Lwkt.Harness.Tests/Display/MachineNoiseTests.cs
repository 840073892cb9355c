using Lwkt.Harness.Display;

namespace Lwkt.Harness.Tests.Display;

/// <summary>The run's closing line on other work: silent on a quiet run, names the replaced and the still-disturbed cells.</summary>
public sealed class MachineNoiseTests
{
    [Fact]
    public void A_quiet_run_says_nothing_and_a_disturbed_one_names_its_worst_cell()
    {
        SummaryRow quiet = Cell("yield", foreign: 0.01, replaced: null);
        SummaryRow replaced = Cell("counter", foreign: 0.02, replaced: 2);
        SummaryRow kept = Cell("pingpong", foreign: 0.46, replaced: 3);
        SummaryRow lessKept = Cell("spawn", foreign: 0.2, replaced: 3);

        Assert.Null(Format.MachineNoise([quiet, Cell("herd", foreign: 0.09, replaced: null)]));
        Assert.Equal(
            "other work took the CPUs of 1 of 2 cells: 2 iterations measured again",
            Format.MachineNoise([quiet, replaced]));
        Assert.Equal(
            "other work took the CPUs of 3 of 4 cells: 8 iterations measured again; 2 cells still disturbed (worst: pingpong lwkt cores=1 threads=2, 46 % of its CPUs): not results, rerun on a quieter machine",
            Format.MachineNoise([quiet, replaced, lessKept, kept]));
    }

    private static SummaryRow Cell(string workload, double foreign, int? replaced)
    {
        var row = new SummaryRow
        {
            Key = new CellKey(workload, "lwkt", 1, 2, ""),
            Status = RowStatus.Ok,
            DisturbedIterations = replaced,
        };
        row.Medians[Metric.ForeignCpuShare] = foreign;
        return row;
    }
}
