using System.CommandLine;

namespace Lwkt.Harness.Tests.Cli;

/// <summary>Options are parsed once, into their types, and a bad value is one parse error naming the option.</summary>
public sealed class TypedOptionTests
{
    [Fact]
    public void Run_options_arrive_typed()
    {
        ParseResult parse = RunCommand.Create().Parse(
            ["--cores", "1,sweep", "--threads", "4,2x", "--param", "cs_ns=10,1000", "--param", "think_ns=5", "--duration", "150ms",
             "--warmup", "0", "--trace", "LWKT", "--shard", "2/3", "--seed", "-7", "--runtimes", "lwkt,os-lock", "--runtimes", "lwkt"]);
        Assert.Empty(parse.Errors);

        RunOptions options = RunCommand.ReadOptions(parse);

        Assert.Equal([1], options.Cores!.Counts);
        Assert.True(options.Cores.Sweep);
        Assert.False(options.Cores.All);
        Assert.Equal([new ThreadCount(4, PerCore: false), new ThreadCount(2, PerCore: true)], options.Threads);
        Assert.Equal(["cs_ns=10,1000", "think_ns=5"], options.Params.Select(p => p.ToString()));
        Assert.Equal(TimeSpan.FromMilliseconds(150), options.Duration);
        Assert.Equal(0, options.Warmup);
        Assert.Null(options.Iterations);
        Assert.Equal(TraceProfile.Lwkt, options.Trace);
        Assert.Equal((2, 3), options.Shard);
        Assert.Equal(-7, options.Seed);
        Assert.Equal(["lwkt", "os-lock"], options.Runtimes);
    }

    [Fact]
    public void Options_not_given_read_as_not_given()
    {
        RunOptions options = RunCommand.ReadOptions(RunCommand.Create().Parse([]));

        Assert.Null(options.Cores);
        Assert.Null(options.Threads);
        Assert.Empty(options.Params);
        Assert.Null(options.Duration);
        Assert.Equal(TraceProfile.Off, options.Trace);
        Assert.Equal(RunOptions.DefaultSeed, options.Seed);
    }

    [Theory]
    [InlineData("--duration", "0s", "--duration '0s' is not a positive duration")]
    [InlineData("--threads", "4,,8", "--threads '4,,8' has an empty entry")]
    [InlineData("--cores", "two", "--cores 'two' is not a whole number")]
    [InlineData("--shard", "0/3", "--shard 0/3")]
    public void A_bad_value_is_one_parse_error_with_the_parser_message(string option, string value, string message)
    {
        ParseResult parse = RunCommand.Create().Parse([option, value]);

        Assert.StartsWith(message, Assert.Single(parse.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cores_resolve_against_the_machine_after_parsing()
    {
        CoreSelection selection = CoreSelection.Parse("sweep,3");

        Assert.Equal([1, 2, 3, 4, 8], selection.Resolve(8));
        var ex = Assert.Throws<UsageException>(() => selection.Resolve(2));
        Assert.Equal("--cores 3: this machine lets the harness use 2 CPUs (use 1..2 or all)", ex.Message);
    }
}
