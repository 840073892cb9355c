namespace Lwkt.Harness.Tests.Ci;

/// <summary>
/// <c>ci/ab-compare.sh</c> end to end on this repository (LWKT_STRESS=1: it builds HEAD twice in worktrees and runs
/// both sides, minutes): one workload on two runtimes with tiny iterations. HEAD against itself passes; with the
/// test-only slowdown on the change side the slowed cell is Slower, the script fails, leaves the cell's traces and puts
/// their diff in the job summary.
/// The threshold is wide (50 %) so a shared, loaded machine's noise cannot decide either verdict; the slowdown (×4)
/// is far beyond it.
/// </summary>
public class AbCompareEndToEndTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(25);

    /// <summary>Both comparisons of HEAD; the second reuses the first's worktrees (an incremental build).</summary>
    private static Shell.Result AbCompare(string workdir, string artifacts, string? newEnv) => Shell.Bash(
        [
            "ci/ab-compare.sh", "--workloads", "counter", "--runtimes", "os-futex,lwkt", "--cores", "1", "--duration", "50ms",
            "--rounds", "2", "--compare-args", "--threshold 50%", "--workdir", workdir, "--artifacts", artifacts, "HEAD", "HEAD",
        ],
        s_timeout,
        new Dictionary<string, string?> { ["AB_NEW_ENV"] = newEnv, ["AB_BASE_ENV"] = null });

    [StressFact]
    public void Head_against_itself_passes_and_a_slowed_change_fails_with_that_cell_slower()
    {
        using var temp = new Running.TempFolder();
        string workdir = temp.Sub("worktrees");
        try
        {
            Compare(workdir, temp);
        }
        finally
        {
            foreach (string side in new[] { "base", "new" })
            {
                Shell.Bash(["-c", "git worktree remove --force \"$1\"; git worktree prune", "remove", Path.Combine(workdir, side)], TimeSpan.FromMinutes(1));
            }
        }
    }

    private static void Compare(string workdir, Running.TempFolder temp)
    {
        string same = temp.Sub("same");
        Shell.Result passing = AbCompare(workdir, same, null);

        Assert.True(passing.ExitCode == 0, passing.ToString());
        Assert.Contains("ab-compare: no regression", passing.Stdout, StringComparison.Ordinal);
        foreach (string file in new[] { "base/results.csv", "new/results.csv", "new/env.json", "compare.md", "compare.csv", "summary.md", "report/report.md" })
        {
            Assert.True(File.Exists(Path.Combine(same, file)), $"{file} missing\n{passing}");
        }

        Assert.DoesNotContain(",slower,", File.ReadAllText(Path.Combine(same, "compare.csv")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(same, "traces")));

        string slowed = temp.Sub("slowed");
        Shell.Result failing = AbCompare(workdir, slowed, "LWKT_TEST_SLOWDOWN=counter/os-futex:4");

        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("REGRESSION: 1 cell(s) Slower", failing.Stdout, StringComparison.Ordinal);
        string[] compare = File.ReadAllLines(Path.Combine(slowed, "compare.csv"));
        Assert.Single(compare, l => l.StartsWith("counter,os-futex,1,", StringComparison.Ordinal) && l.Contains(",slower,", StringComparison.Ordinal));
        Assert.Contains(compare, l => l.StartsWith("counter,lwkt,1,", StringComparison.Ordinal) && !l.Contains(",slower,", StringComparison.Ordinal));
        Assert.Contains("test_slowdown=4", File.ReadAllText(Path.Combine(slowed, "new", "results.csv")), StringComparison.Ordinal);
        Assert.DoesNotContain("test_slowdown", File.ReadAllText(Path.Combine(slowed, "base", "results.csv")), StringComparison.Ordinal);
        foreach (string side in new[] { "base", "new" })
        {
            string cell = Assert.Single(Directory.GetDirectories(Path.Combine(slowed, "traces", side)));
            Assert.StartsWith("counter-os-futex-c1-t", Path.GetFileName(cell), StringComparison.Ordinal);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(cell, "traces"), "*.nettrace"));
        }

        // The job summary carries the two traces' diff beside the compare table, naming the planted stall.
        string summary = File.ReadAllText(Path.Combine(slowed, "summary.md"));
        Assert.Contains("### trace diff: counter os-futex", summary, StringComparison.Ordinal);
        Assert.Contains("`Lwkt.Workloads.TestSlowdown.Stall`", summary, StringComparison.Ordinal);
    }
}
