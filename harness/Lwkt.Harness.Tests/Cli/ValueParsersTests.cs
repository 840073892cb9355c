namespace Lwkt.Harness.Tests.Cli;

public sealed class ValueParsersTests
{
    [Theory]
    [InlineData("150ms", 150_000)]
    [InlineData("1s", 1_000_000)]
    [InlineData("1.5s", 1_500_000)]
    [InlineData("2m", 120_000_000)]
    [InlineData("500us", 500)]
    [InlineData("3", 3_000_000)]
    public void Durations_parse_with_units(string text, long microseconds) =>
        Assert.Equal(TimeSpan.FromMicroseconds(microseconds), ValueParsers.ParseDuration(text, "--duration"));

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("ms")]
    [InlineData("1parsec")]
    [InlineData("NaN")]
    public void Bad_durations_name_the_option(string text)
    {
        var ex = Assert.Throws<UsageException>(() => ValueParsers.ParseDuration(text, "--duration"));
        Assert.StartsWith("--duration", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,2", 4, new[] { 1, 2 })]
    [InlineData("all", 4, new[] { 4 })]
    [InlineData("1,all", 1, new[] { 1 })]
    [InlineData("2,1,2", 2, new[] { 1, 2 })]
    [InlineData("sweep", 6, new[] { 1, 2, 4, 6 })]
    [InlineData("sweep", 8, new[] { 1, 2, 4, 8 })]
    public void Cores_resolve_against_the_machine(string text, int available, int[] expected) =>
        Assert.Equal(expected, ValueParsers.ParseCores(text, available));

    [Theory]
    [InlineData("0", "at least 1")]
    [InlineData("99", "lets the harness use 2 CPUs")]
    [InlineData("1,,2", "empty entry")]
    [InlineData("two", "not a whole number")]
    public void Bad_cores_are_refused(string text, string message)
    {
        var ex = Assert.Throws<UsageException>(() => ValueParsers.ParseCores(text, 2));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Threads_support_per_core_counts_and_the_sweep()
    {
        IReadOnlyList<ThreadCount> threads = ValueParsers.ParseThreads("1,4x");
        Assert.Equal([1, 8], threads.Select(t => t.Resolve(2)));
        Assert.Equal(11, ValueParsers.ParseThreads("sweep").Count);
        Assert.Equal(1024, ValueParsers.ParseThreads("sweep").Max(t => t.Value));
        Assert.Throws<UsageException>(() => ValueParsers.ParseThreads("0"));
        Assert.Throws<UsageException>(() => ValueParsers.ParseThreads("x"));
    }

    [Theory]
    [InlineData("1/3", 1, 3)]
    [InlineData("3/3", 3, 3)]
    [InlineData(" 2 / 5 ", 2, 5)]
    public void Shards_parse(string text, int index, int count) =>
        Assert.Equal((index, count), ValueParsers.ParseShard(text));

    [Theory]
    [InlineData("4/3")]
    [InlineData("0/3")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("-1/3")]
    public void Bad_shards_are_refused(string text) =>
        Assert.Throws<UsageException>(() => ValueParsers.ParseShard(text));

    [Fact]
    public void Params_take_one_or_several_values()
    {
        (string name, IReadOnlyList<string> values) = ParameterSweep.Parse(" cs_ns = 100 ");
        Assert.Equal("cs_ns", name);
        Assert.Equal(["100"], values);
        Assert.Equal(["10", "100"], ParameterSweep.Parse("cs_ns=10,100").Values);
        Assert.Throws<UsageException>(() => ParameterSweep.Parse("cs_ns"));
        Assert.Throws<UsageException>(() => ParameterSweep.Parse("=1"));
        Assert.Throws<UsageException>(() => ParameterSweep.Parse("cs_ns="));
    }

    [Fact]
    public void Names_split_on_commas_across_repeats_without_duplicates() =>
        Assert.Equal(["counter", "yield", "herd"], ValueParsers.ParseNames(["counter,yield", "herd,counter"], "--workloads"));
}
