using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Runtimes;
using Lwkt.Workloads.Torture;

namespace Lwkt.Workloads.Tests.Torture;

/// <summary>
/// The torture, short: every runtime passes; the busted lock, a planted "tokens not held again after a block" bug and
/// a planted lost wakeup each fail; a deterministic lwkt run replays the same interleaving from its seed. With
/// <c>LWKT_STRESS=1</c> every runtime runs much longer and many more seeds replay.
/// </summary>
[Collection(TortureCollection.Name)]
public sealed class TortureTests
{
    private static readonly bool s_stress = Environment.GetEnvironmentVariable("LWKT_STRESS") == "1";

    /// <summary>Short real-time settings: every perturbation happens a few times within the run.</summary>
    private static TortureOptions RealTime(int seed, double seconds) => new()
    {
        Cores = 2,
        Seed = seed,
        Duration = TimeSpan.FromSeconds(seconds),
        StatInterval = TimeSpan.FromSeconds(seconds / 2),
        Stutter = TimeSpan.FromSeconds(Math.Min(2, seconds / 3)),
        ShuffleInterval = TimeSpan.FromSeconds(Math.Min(1, seconds / 6)),
        WaitBound = TimeSpan.FromSeconds(20),
    };

    /// <summary>Deterministic settings: virtual time, so a short run still sees stutter, shuffles and statistics.</summary>
    private static TortureOptions Deterministic(int seed, double virtualMs, bool recordEvents = false) =>
        DeterministicTorture.Options(seed, virtualMs, TimeSpan.FromSeconds(20), recordEvents);

    public static TheoryData<string> Runtimes() => [.. RuntimeCatalog.Names];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int seed = 1; seed <= (s_stress ? 20 : 3); seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    private static (TortureResult Result, string Output) Run(WorkloadRuntime runtime, string label, TortureOptions options)
    {
        var output = new StringWriter();
        TortureResult result = TortureEngine.Run(runtime, label, options, output);

        // A hung run's threads never end: leave that runtime alone rather than wait for them.
        if (!result.Hung)
        {
            runtime.Dispose();
        }

        return (result, output.ToString());
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public void Every_runtime_passes_a_short_torture(string runtime)
    {
        TortureOptions options = RealTime(seed: 11, seconds: s_stress ? 30 : 1.2);
        (TortureResult result, string output) = Run(TortureTargets.Create(runtime, options), runtime, options);

        Assert.True(result.Success, output);
        Assert.False(result.Hung);
        Assert.True(result.Operations > 0, output);
        Assert.Contains($"{runtime} End of test: SUCCESS", output, StringComparison.Ordinal);
        Assert.Contains("Writes:", output, StringComparison.Ordinal);
        Assert.Contains("Max/Min:", output, StringComparison.Ordinal);
        Assert.Null(result.Digest);
    }

    [Theory]
    [InlineData(TortureTargets.Busted)]
    [InlineData("os-monitor")]
    [InlineData("lwkt")]
    public void The_busted_lock_fails_and_stops_the_run_early(string runtime)
    {
        // Long duration on purpose: the run must end at its first failure, not at the end of the time.
        TortureOptions options = RealTime(seed: 3, seconds: 60) with { Lock = TortureLock.Busted };
        (TortureResult result, string output) = Run(TortureTargets.Create(runtime, options), runtime, options);

        Assert.False(result.Success, output);
        Assert.True(result.Failures > 0);
        Assert.True(result.Elapsed < options.Duration, $"the run went on to the end after a failure: {output}");
        Assert.Contains("exclusion", string.Join("\n", result.FailureMessages), StringComparison.Ordinal);
        Assert.Contains("End of test: FAILURE", output, StringComparison.Ordinal);
        Assert.Contains("Fail: ", output, StringComparison.Ordinal);
        Assert.Contains(" !!!", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_same_seed_replays_the_same_interleaving(int seed)
    {
        TortureOptions options = Deterministic(seed, virtualMs: s_stress ? 1000 : 60, recordEvents: true);
        (TortureResult first, string firstOutput) = Run(TortureTargets.Create("lwkt", options), "lwkt", options);
        (TortureResult second, string secondOutput) = Run(TortureTargets.Create("lwkt", options), "lwkt", options);

        Assert.True(first.Success, firstOutput);
        Assert.NotNull(first.Digest);
        Assert.Equal(first.Digest, second.Digest);
        Assert.True(first.EventLog.Count > 1000, $"only {first.EventLog.Count} switches");
        Assert.Equal(first.EventLog, second.EventLog);
        Assert.Equal(firstOutput, secondOutput);
        Assert.EndsWith($"digest: {first.Digest}", firstOutput.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Different_seeds_give_different_interleavings()
    {
        var digests = new HashSet<string>();
        foreach (int seed in new[] { 1, 2, 3 })
        {
            TortureOptions options = Deterministic(seed, virtualMs: 20);
            (TortureResult result, string output) = Run(TortureTargets.Create("lwkt", options), "lwkt", options);
            Assert.True(result.Success, output);
            digests.Add(result.Digest!);
        }

        Assert.True(digests.Count > 1, "three seeds gave one interleaving");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Tokens_not_held_again_after_a_block_are_caught(bool deterministic)
    {
        TortureOptions options = deterministic ? Deterministic(seed: 5, virtualMs: 2000) : RealTime(seed: 5, seconds: 30);
        var planted = new ForgetfulTokenRuntime((LwktWorkloadRuntime)TortureTargets.Create("lwkt", options));
        (TortureResult result, string output) = Run(planted, "lwkt-forgetful", options);

        Assert.False(result.Success, output);
        Assert.Contains(result.FailureMessages, m => m.Contains("not held again after a block", StringComparison.Ordinal));
        Assert.True(result.Elapsed < options.Duration, output);
        if (deterministic)
        {
            Assert.Contains("replay this interleaving with --deterministic --seed 5", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_lost_wakeup_fires_the_watchdog_with_a_dump_of_every_thread()
    {
        TortureOptions options = RealTime(seed: 2, seconds: 30) with
        {
            WaitBound = TimeSpan.FromMilliseconds(500),
            Stutter = TimeSpan.Zero,
        };
        var lossy = new LostWakeupRuntime(TortureTargets.Create("os-monitor", options));
        (TortureResult result, string output) = Run(lossy, "os-monitor-lossy", options);

        Assert.False(result.Success, output);
        Assert.Contains(result.FailureMessages, m => m.StartsWith("lost wakeup:", StringComparison.Ordinal));
        Assert.Contains("DUMP at", output, StringComparison.Ordinal);
        Assert.Contains("waiter0", output, StringComparison.Ordinal);
        Assert.Contains(" Wait for ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Impossible_combinations_are_refused_with_one_line()
    {
        var deterministicFutex = new TortureOptions { Deterministic = true, Cores = 1 };
        ArgumentException e = Assert.Throws<ArgumentException>(() => TortureTargets.Create("os-futex", deterministicFutex));
        Assert.Contains("only lwkt", e.Message, StringComparison.Ordinal);

        var bustedReplay = new TortureOptions { Deterministic = true, Cores = 1, Lock = TortureLock.Busted };
        Assert.Throws<ArgumentException>(() => TortureTargets.Create("lwkt", bustedReplay));
        Assert.Throws<ArgumentException>(() => TortureTargets.Create("no-such-runtime", new TortureOptions { Cores = 1 }));
        Assert.Throws<ArgumentException>(() => new TortureOptions { WaitBound = TimeSpan.FromMilliseconds(1) }.Validate());
        Assert.Equal("busted", TortureTargets.Canonical("BUSTED"));
    }
}

/// <summary>Tortures run one at a time: each wants the machine's cores to itself.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TortureCollection
{
    public const string Name = "torture";
}
