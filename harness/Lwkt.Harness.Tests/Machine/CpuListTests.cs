using Lwkt.Harness.Machine;

namespace Lwkt.Harness.Tests.Machine;

public sealed class CpuListTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-3", new[] { 0, 1, 2, 3 })]
    [InlineData("0-1,4,6-7", new[] { 0, 1, 4, 6, 7 })]
    [InlineData(" 2 ,0 ", new[] { 0, 2 })]
    public void Lists_parse(string text, int[] cpus) => Assert.Equal(cpus, CpuList.Parse(text));

    [Theory]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 3, 0, 1, 2 }, "0-3")]
    [InlineData(new[] { 0, 1, 4, 6, 7 }, "0-1,4,6-7")]
    public void Lists_format_compactly(int[] cpus, string text) => Assert.Equal(text, CpuList.Format(cpus));

    [Theory]
    [InlineData("3-1")]
    [InlineData("a")]
    [InlineData("1-")]
    public void Bad_lists_throw(string text) => Assert.Throws<FormatException>(() => CpuList.Parse(text));

    [Fact]
    public void Cells_take_the_first_cpus_of_the_placement_order()
    {
        CpuTopology topology = CpuTopology.Of([0, 2, 1, 3]);
        Assert.Equal([0, 2], topology.CpusFor(2));
        Assert.Equal([0, 1, 2, 3], topology.CpusFor(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => topology.CpusFor(5));
    }

    [Fact]
    public void This_machine_allows_at_least_one_cpu()
    {
        CpuTopology topology = CpuTopology.Current();
        Assert.NotEmpty(topology.Allowed);
        Assert.Equal(topology.Allowed.Count, topology.PlacementOrder.Distinct().Count());
    }
}
