using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests;

public sealed class FairnessTests
{
    [Fact]
    public void Equal_counts_are_perfectly_fair()
    {
        Assert.Equal(1.0, Fairness.Jain([5, 5, 5, 5]), 12);
        Assert.Equal(1.0, Fairness.MaxOverMin([5, 5, 5, 5]), 12);
    }

    [Fact]
    public void One_thread_doing_everything_gives_one_over_n()
    {
        Assert.Equal(0.25, Fairness.Jain([8, 0, 0, 0]), 12);
        Assert.Equal(double.PositiveInfinity, Fairness.MaxOverMin([8, 0, 0, 0]));
    }

    [Fact]
    public void Max_over_min_is_the_ratio()
    {
        Assert.Equal(3.0, Fairness.MaxOverMin([3, 1, 2]), 12);
    }
}
