namespace Lwkt.Harness.Tests.Tracing;

public sealed class TraceWindowTests
{
    [Theory]
    [InlineData("all", 5, null, null, "full")]
    [InlineData("last", 5, 5, 5, "full@5")]
    [InlineData("3", 5, 3, 3, "full@3")]
    [InlineData("2-4", 5, 2, 4, "full@2-4")]
    public void Parses_and_round_trips_through_the_trace_column(string text, int iterations, int? first, int? last, string column)
    {
        TraceWindow window = TraceWindow.Parse(text, iterations);

        Assert.Equal(new TraceWindow(first, last), window);
        Assert.Equal(column, window.Column("full"));
        Assert.Equal(window, TraceWindow.FromColumn(column));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("4-2")]
    [InlineData("first")]
    [InlineData("2-x")]
    public void A_window_outside_the_iterations_is_a_usage_error(string text)
    {
        Assert.Throws<UsageException>(() => TraceWindow.Parse(text, 5));
    }

    [Fact]
    public void Covers_only_its_iterations()
    {
        TraceWindow window = TraceWindow.Parse("2-3", 5);

        Assert.Equal([false, true, true, false], [.. new[] { 1, 2, 3, 4 }.Select(window.Covers)]);
        Assert.True(TraceWindow.Whole.Covers(4));
    }

    [Fact]
    public void Run_refuses_a_window_without_a_trace()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int code = Program.Run(["run", "--workloads", "counter", "--trace-window", "last"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("--trace-window needs --trace PROFILE", error.ToString(), StringComparison.Ordinal);
    }
}
