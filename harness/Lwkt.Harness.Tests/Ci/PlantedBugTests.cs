namespace Lwkt.Harness.Tests.Ci;

/// <summary>
/// The suite can fail: each LWKT invariant bug the tests claim to guard against is planted, one at a time, through its
/// test-only switch (<c>LWKT_PLANTED_BUG</c>, read once by the runtime and the futex mutex), and the built test
/// assembly that guards it is run in a child <c>dotnet test</c>: the named test must fail, and the child must end
/// (a lost wakeup must not hang it).
/// </summary>
public class PlantedBugTests
{
    /// <summary>Far above what a planted bug needs to fail its test (the slowest, a stuck futex waiter, takes 20 s).</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Every planted bug, the test assembly that must catch it, and the test that must fail. The switches are listed in
    /// runtime/Lwkt.Runtime/Diagnostics/PlantedBugs.cs and baselines/Lwkt.Baselines/Futexes/FutexMutex.cs.
    /// </summary>
    public static TheoryData<string, string, string> Bugs() => new()
    {
        { "sysport-wait-keeps-tokens", "runtime/Lwkt.Runtime.Tests", "SysPortTests.The_reply_wakes_the_sender_on_its_own_cpu_with_its_tokens_held_again" },
        { "foreign-await-skips-tokens", "runtime/Lwkt.Runtime.Tests", "SchedulerTests.Awaiting_a_foreign_task_blocks_and_resumes_on_the_same_cpu" },
        { "lost-wakeup", "runtime/Lwkt.Runtime.Tests", "DeterministicTests.A_wakeup_reaches_sleepers_on_every_cpu_in_every_interleaving" },
        { "ipi-in-critical-section", "runtime/Lwkt.Runtime.Tests", "SchedulerTests.Critical_sections_defer_ipis_until_exit" },
        { "defers-ipis-past-failed-take", "runtime/Lwkt.Runtime.Tests", "TokenTests.A_reader_closed_out_by_an_exclusive_request_lets_the_requesters_wake_through" },
        { "skips-owed-ring-scan", "runtime/Lwkt.Runtime.Tests", "IpiRingTests.An_entry_published_unrung_as_an_idle_spin_stops_on_a_wake_runs_before_the_cpu_parks" },
        { "double-reply", "runtime/Lwkt.Runtime.Tests", "ExactlyOnceTests.A_second_reply_throws_on_every_path" },
        { "futex-lost-wakeup", "baselines/Lwkt.Baselines.Tests", "KernelEntryTests.A_contended_mutex_sleeps_in_FUTEX_WAIT_and_its_release_issues_FUTEX_WAKE" },
    };

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Each_planted_bug_fails_the_test_that_guards_against_it(string bug, string project, string test)
    {
        string assembly = TestAssembly(project);
        Assert.True(File.Exists(assembly), $"{assembly} is not built (build the solution first)");

        Shell.Result planted = DotnetTest(assembly, test, bug);

        Assert.True(planted.ExitCode != 0, $"with {bug} planted, {test} passed:\n{planted}");
        Assert.Contains("Failed Lwkt.", planted.Stdout, StringComparison.Ordinal);
        Assert.Contains(test, planted.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("No test matches the given testcase filter", planted.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_or_absent_switch_plants_nothing()
    {
        // The control for the list above: the same kind of child run, with a switch no code knows, passes.
        string assembly = TestAssembly("runtime/Lwkt.Runtime.Tests");
        Shell.Result clean = DotnetTest(assembly, "ExactlyOnceTests.A_second_reply_throws_on_every_path", "no-such-bug");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("Passed!", clean.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The built test assembly of <paramref name="project"/>, in this assembly's configuration (Release or Debug).</summary>
    private static string TestAssembly(string project)
    {
        // AppContext.BaseDirectory is .../harness/Lwkt.Harness.Tests/bin/<Configuration>/<framework>/.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = here.Name;
        string configuration = here.Parent!.Name;
        string name = Path.GetFileName(project);
        return Shell.PathOf(Path.Combine(project, "bin", configuration, framework, name + ".dll"));
    }

    private static Shell.Result DotnetTest(string assembly, string test, string bug) => Shell.Bash(
        ["-c", "exec dotnet test \"$0\" --filter \"FullyQualifiedName~$1\" --blame-hang-timeout 2m --blame-hang-dump-type none", assembly, test],
        s_timeout,
        new Dictionary<string, string?> { ["LWKT_PLANTED_BUG"] = bug, ["LWKT_STRESS"] = null });
}
