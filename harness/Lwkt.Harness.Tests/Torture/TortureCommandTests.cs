using System.CommandLine;
using Lwkt.Harness.Torture;
using Lwkt.Workloads.Torture;

namespace Lwkt.Harness.Tests.Torture;

/// <summary>
/// <c>lwkt-bench torture</c>: option checks (exit code 2, one line), and real children of the built host: a runtime
/// that passes (0, SUCCESS), the busted control (1, FAILURE, early), a deterministic run that prints the same digest
/// twice.
/// </summary>
public sealed class TortureCommandTests
{
    private static readonly string[] s_catalog = ["lwkt", "os-monitor", "os-futex", "os-lock", "os-spin", "tpl-async"];

    /// <summary>The settings as the program reads them: a parse error is bad input, as <see cref="CliRunner"/> reports it.</summary>
    private static TortureSettings Settings(params string[] args)
    {
        ParseResult parse = TortureCommand.Create().Parse(args);
        return parse.Errors.Count == 0
            ? TortureCommand.ReadSettings(parse, s_catalog, availableCpus: 2)
            : throw new UsageException(parse.Errors[0].Message);
    }

    private static (int ExitCode, string Output, string Error) Cli(params string[] args) => CommandRunner.Program(["torture", .. args]);

    [Fact]
    public void Defaults_torture_every_catalogue_runtime_for_a_minute_and_deterministic_means_lwkt()
    {
        TortureSettings all = Settings();
        Assert.Equal(s_catalog, all.Runtimes);
        Assert.Equal(TimeSpan.FromSeconds(60), all.Options.Duration);
        Assert.Equal(2, all.Options.Cores);
        Assert.Equal(TortureLock.Normal, all.Options.Lock);

        TortureSettings replay = Settings("--deterministic", "--seed", "7");
        Assert.Equal(["lwkt"], replay.Runtimes);
        Assert.Equal(7, replay.Options.Seed);
        Assert.True(replay.EffectiveTimeout > replay.Options.Duration * 20);
    }

    [Fact]
    public void Options_are_read_and_zero_turns_perturbations_off()
    {
        TortureSettings s = Settings(
            "--runtimes", "OS-FUTEX,busted", "--duration", "5s", "--stat-interval", "500ms", "--stutter", "0", "--shuffle-interval", "off",
            "--long-hold", "5ms", "--writers", "3", "--readers", "0", "--wait-bound", "2s", "--cores", "1", "--lock", "busted", "--timeout", "1m");
        Assert.Equal(["os-futex", "busted"], s.Runtimes);
        Assert.Equal(TimeSpan.Zero, s.Options.Stutter);
        Assert.Equal(TimeSpan.Zero, s.Options.ShuffleInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(5), s.Options.LongHold);
        Assert.Equal(3, s.Options.Writers);
        Assert.Equal(0, s.Options.Readers);
        Assert.Equal(1, s.Options.Cores);
        Assert.Equal(TortureLock.Busted, s.Options.Lock);
        Assert.Equal(TimeSpan.FromMinutes(1), s.EffectiveTimeout);
        Assert.Equal(5000, s.RequestFor("os-futex").DurationMs);
        Assert.Equal(["lwkt", "os-monitor", "os-futex", "os-lock", "os-spin", "tpl-async"], Settings("--runtimes", "all").Runtimes);
    }

    [Theory]
    [InlineData("--runtimes", "nope")]
    [InlineData("--runtimes", "os-futex", "--deterministic")]
    [InlineData("--deterministic", "--lock", "busted")]
    [InlineData("--lock", "sometimes")]
    [InlineData("--duration", "0")]
    [InlineData("--stat-interval", "soon")]
    [InlineData("--seed", "x")]
    [InlineData("--writers", "0")]
    [InlineData("--cores", "3")]
    [InlineData("--wait-bound", "10ms")]
    [InlineData("--stutter", "60s")]
    public void Bad_options_are_refused(params string[] args)
    {
        Assert.Throws<UsageException>(() => Settings(args));
    }

    [Fact]
    public void Bad_input_exits_2_with_one_line()
    {
        CommandRunner.AssertUsageError(Cli("--runtimes", "os-futex", "--deterministic"), "only lwkt has a deterministic mode");
    }

    [Fact]
    public void A_runtime_that_keeps_its_promises_ends_in_SUCCESS_with_exit_code_0()
    {
        (int code, string output, string error) = Cli("--runtimes", "os-monitor", "--duration", "1s", "--stat-interval", "500ms", "--cores", "1", "--seed", "3");
        Assert.True(code == ExitCodes.Ok, output + error);
        Assert.Contains("os-monitor End of test: SUCCESS", output, StringComparison.Ordinal);
        Assert.Contains("Writes:", output, StringComparison.Ordinal);
        Assert.Equal("SUCCESS", output.TrimEnd().Split('\n')[^1].Trim());
    }

    [Fact]
    public void The_busted_lock_ends_in_FAILURE_with_exit_code_1_long_before_its_duration()
    {
        (int code, string output, string error) = Cli("--runtimes", "busted", "--duration", "10m", "--seed", "5");
        Assert.True(code == ExitCodes.Failure, output + error);
        Assert.Contains("busted FAIL: ", output, StringComparison.Ordinal);
        Assert.Contains("busted  FAILURE: ", output, StringComparison.Ordinal);
        Assert.Equal("FAILURE", output.TrimEnd().Split('\n')[^1].Trim());
        System.Text.RegularExpressions.Match end = System.Text.RegularExpressions.Regex.Match(output, @"End of test: FAILURE \(\d+ operations in ([0-9.]+)s");
        Assert.True(end.Success, output);
        Assert.True(double.Parse(end.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 600, "the busted run went on after its failure");
    }

    [Fact]
    public void A_deterministic_run_ends_with_the_same_digest_for_the_same_seed()
    {
        string[] args = ["--deterministic", "--seed", "12", "--duration", "30ms", "--stat-interval", "10ms", "--stutter", "15ms", "--shuffle-interval", "5ms"];
        (int code1, string output1, string error1) = Cli(args);
        (int code2, string output2, _) = Cli(args);
        Assert.True(code1 == ExitCodes.Ok, output1 + error1);
        Assert.Equal(ExitCodes.Ok, code2);
        string last = output1.TrimEnd().Split('\n')[^1].Trim();
        Assert.Matches("^digest: [0-9a-f]{16}$", last);
        Assert.Equal(last, output2.TrimEnd().Split('\n')[^1].Trim());
        Assert.Equal(output1, output2);
    }
}
