using Lwkt.Harness.Display;

namespace Lwkt.Harness.Tests.Display;

/// <summary>
/// The run's closing lines on other work and on the host's speed: silent on a quiet run, names the replaced and the
/// still-disturbed cells, and the cells that swung with the host.
/// </summary>
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

    [Fact]
    public void A_cell_that_swung_with_the_host_says_so_after_its_figure_and_in_the_closing_line()
    {
        SummaryRow followed = Cell("pingpong", foreign: 0, replaced: null);
        (followed.OpsPerSMedian, followed.OpsPerSMin, followed.OpsPerSMax) = (6e6, 4e6, 8e6);
        (followed.MachineSwing, followed.MachineRho) = (0.06, 0.83);
        SummaryRow steadyHost = Cell("yield", foreign: 0, replaced: null);
        (steadyHost.OpsPerSMedian, steadyHost.OpsPerSMin, steadyHost.OpsPerSMax) = (6e6, 4e6, 8e6);
        (steadyHost.MachineSwing, steadyHost.MachineRho) = (0.002, 0.9);

        Assert.EndsWith(" ops/s (host speed swung 6 %, in step with its 100 %)", Format.CellResult(followed, withStatus: false), StringComparison.Ordinal);
        Assert.EndsWith(" ops/s", Format.CellResult(steadyHost, withStatus: false), StringComparison.Ordinal);
        Assert.Null(Format.HostSpeedNote([steadyHost]));
        Assert.Equal(
            "the host's speed swung in step with 1 of 2 cells (widest: pingpong lwkt cores=1 threads=2, 100 % with the calibration 6 %): their spread is the machine's, not the code's",
            Format.HostSpeedNote([steadyHost, followed]));
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
