namespace Lwkt.Harness.Tests.Tracing;

public sealed class TraceCommandInputTests
{
    [Theory]
    [InlineData("summary")]
    [InlineData("convert")]
    public void A_missing_file_is_one_line_and_exit_code_2(string subcommand)
    {
        using var folder = new TempFolder();
        string missing = folder.Sub("nope.nettrace");
        string[] args = subcommand == "summary" ? ["summary", missing] : ["convert", missing, "--format", "chrome"];

        (int code, string output, string error) = CommandRunner.Run(TraceCommand.Create(), args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"lwkt-bench trace {subcommand}: {missing}: no such trace file", error.TrimEnd());
    }

    [Theory]
    [InlineData("chrome")]
    [InlineData("speedscope")]
    public void A_file_that_is_not_a_trace_is_one_line_and_exit_code_2_and_leaves_no_output(string format)
    {
        using var folder = new TempFolder();
        string garbage = folder.Sub("garbage.nettrace");
        File.WriteAllText(garbage, "this is not a nettrace file\n");
        string output = folder.Sub("out.json");

        (int code, _, string error) = CommandRunner.Run(TraceCommand.Create(), "convert", garbage, "--format", format, "--out", output);

        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("not a readable .nettrace file", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void An_unknown_format_is_exit_code_2()
    {
        using var folder = new TempFolder();
        string file = folder.Sub("x.nettrace");
        File.WriteAllText(file, "x");

        (int code, _, string error) = CommandRunner.Run(TraceCommand.Create(), "convert", file, "--format", "svg");

        Assert.Equal(2, code);
        Assert.Contains("--format 'svg' is not one of chrome, speedscope", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_output_replaces_the_nettrace_extension()
    {
        Assert.Equal("traces/a.chrome.json", TraceCommand.DefaultOutput("traces/a.nettrace", "chrome"));
        Assert.Equal("a.bin.speedscope.json", TraceCommand.DefaultOutput("a.bin", "speedscope"));
    }

    [Fact]
    public void The_program_registers_trace()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int code = Program.Run(["trace", "summary", "/no/such/file.nettrace"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("no such trace file", error.ToString(), StringComparison.Ordinal);
    }
}
