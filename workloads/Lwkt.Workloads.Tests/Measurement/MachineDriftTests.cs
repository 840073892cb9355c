using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests.Measurement;

/// <summary>The rule that flags a cell whose iterations swung in step with the machine's calibration.</summary>
public sealed class MachineDriftTests
{
    [Fact]
    public void The_rank_correlation_is_one_for_the_same_order_minus_one_for_the_reverse_and_ties_share_their_rank()
    {
        double[] machine = [1.542, 1.60, 1.542, 1.75, 1.61];
        Assert.Equal(1.0, MachineDrift.RankCorrelation([120, 180, 120, 260, 190], machine)!.Value, 9);
        Assert.Equal(-1.0, MachineDrift.RankCorrelation([190, 140, 190, 100, 130], machine)!.Value, 9);

        // Ranks 1..4 against 2.5, 2.5, 1, 4 (the two tied values share ranks 2 and 3): 1.5 / sqrt(5 × 4.5).
        Assert.Equal(1.5 / Math.Sqrt(5 * 4.5), MachineDrift.RankCorrelation([1, 2, 3, 4], [2, 2, 1, 5])!.Value, 9);
        Assert.Null(MachineDrift.RankCorrelation([1, 2, 3], [1, 2, 3]));
        Assert.Null(MachineDrift.RankCorrelation([1, 2, 3, 4], [1.5, 1.5, 1.5, 1.5]));
    }

    [Fact]
    public void A_cell_follows_the_machine_only_when_both_swung_and_in_the_same_order()
    {
        // lwkt pingpong at 1 core as measured: fast iterations with the host fast, slow ones with it slow.
        double[] cell = [121, 123, 137, 230, 297, 276, 125, 128];
        double[] machine = [1.542, 1.543, 1.56, 1.598, 1.64, 1.66, 1.542, 1.541];
        Assert.True(MachineDrift.Follows(MachineProbe.Speed, MachineDrift.Swing(cell), MachineDrift.Swing(machine), MachineDrift.RankCorrelation(cell, machine)));

        // The same swing with the machine steady (the probe's own noise, 0.2 %), or moving in another order.
        double[] steady = [1.542, 1.543, 1.542, 1.544, 1.542, 1.543, 1.541, 1.542];
        Assert.False(MachineDrift.Follows(MachineProbe.Speed, MachineDrift.Swing(cell), MachineDrift.Swing(steady), MachineDrift.RankCorrelation(cell, steady)));
        double[] unrelated = [1.66, 1.542, 1.64, 1.542, 1.56, 1.543, 1.598, 1.541];
        Assert.False(MachineDrift.Follows(MachineProbe.Speed, MachineDrift.Swing(cell), MachineDrift.Swing(unrelated), MachineDrift.RankCorrelation(cell, unrelated)));

        // A steady cell on a swinging machine has nothing to explain.
        double[] quietCell = [121, 122, 121, 123, 124, 122, 121, 121];
        Assert.False(MachineDrift.Follows(MachineProbe.Speed, MachineDrift.Swing(quietCell), MachineDrift.Swing(machine), MachineDrift.RankCorrelation(quietCell, machine)));
    }

    [Fact]
    public void The_shift_between_two_runs_counts_from_two_percent_either_way()
    {
        Assert.Null(MachineDrift.Shift(MachineProbe.Speed, 1.542, 1.560));
        Assert.Equal(0.05, MachineDrift.Shift(MachineProbe.Speed, 1.6, 1.68)!.Value, 9);
        Assert.Equal(-0.05, MachineDrift.Shift(MachineProbe.Speed, 1.68, 1.596)!.Value, 9);
        Assert.Null(MachineDrift.Shift(MachineProbe.Speed, null, 1.7));
        Assert.Equal(0.25, MachineDrift.Swing([1.6, 2.0, 1.8])!.Value, 9);
        Assert.Null(MachineDrift.Swing([1.6]));
    }
}
