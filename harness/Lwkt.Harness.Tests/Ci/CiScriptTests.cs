namespace Lwkt.Harness.Tests.Ci;

/// <summary>The CI scripts are valid bash, and <c>ci/ab-compare.sh</c> refuses bad input with one line and exit code 2 before building anything.</summary>
public class CiScriptTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static Shell.Result AbCompare(params string[] args) => Shell.Bash(["ci/ab-compare.sh", .. args], s_timeout);

    [Theory]
    [InlineData("ci/ab-compare.sh")]
    [InlineData(".ci/run")]
    public void Script_parses(string script)
    {
        Shell.Result result = Shell.Bash(["-n", script], s_timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("#!/usr/bin/env bash\n", File.ReadAllText(Shell.PathOf(script)), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_describes_the_usage()
    {
        Shell.Result result = AbCompare("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage: ci/ab-compare.sh [options] BASE_REF [NEW_REF]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("AB_NEW_ENV", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "usage: ci/ab-compare.sh")]
    [InlineData(new[] { "--bogus", "HEAD" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--rounds", "0", "HEAD" }, "--rounds must be a positive integer")]
    [InlineData(new[] { "--trace", "loud", "HEAD" }, "--trace must be off|runtime|lwkt|cpu|full")]
    [InlineData(new[] { "--workloads" }, "--workloads needs a value")]
    [InlineData(new[] { "no-such-ref-anywhere" }, "BASE_REF 'no-such-ref-anywhere' is not a commit")]
    [InlineData(new[] { "HEAD", "no-such-ref-anywhere" }, "NEW_REF 'no-such-ref-anywhere' is not a commit")]
    public void Bad_input_exits_2_with_one_line(string[] args, string message)
    {
        Shell.Result result = AbCompare(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_side_environment_exits_2()
    {
        Shell.Result result = Shell.Bash(["ci/ab-compare.sh", "HEAD"], s_timeout, new Dictionary<string, string?> { ["AB_NEW_ENV"] = "not-an-assignment" });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'not-an-assignment' is not NAME=VALUE", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_that_a_push_created_skips_with_a_note_in_the_summary()
    {
        using var temp = new Running.TempFolder();
        string summary = temp.Sub("summary.md");

        Shell.Result result = Shell.Bash(["ci/ab-compare.sh", new string('0', 40)], s_timeout, new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("nothing to compare against", File.ReadAllText(summary), StringComparison.Ordinal);
    }
}
