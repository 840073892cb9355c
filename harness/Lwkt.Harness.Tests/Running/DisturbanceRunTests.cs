using System.Diagnostics;
using Lwkt.Harness.Compare;
using Lwkt.Harness.Display;
using Lwkt.Harness.Results;
using Lwkt.Harness.Running;

namespace Lwkt.Harness.Tests.Running;

/// <summary>
/// Iterations disturbed by other work, in real children on a machine made busy on purpose: two busy processes pinned to
/// every CPU take at least 2/(n+2) of it against the child's n runnable threads (one alone left an iteration at 19 %
/// beside the child's threads, under a CI hog), far above the 10 % a measured iteration may lose. The busy processes
/// would slow every test beside them, so this class runs alone (<see cref="DisturbanceRunCollection"/>).
/// </summary>
[Collection(DisturbanceRunCollection.Name)]
public sealed class DisturbanceRunTests : TempFolderTest
{
    [Fact]
    public async Task Disturbed_iterations_are_replaced_up_to_the_budget_then_kept_flagged_and_compare_will_not_judge_the_cell()
    {
        RunOptions options = TestRuns.Tiny(Temp.Path) with { Warmup = 1, WarmupMax = 30, Iterations = 3, Duration = TimeSpan.FromMilliseconds(100) };
        var output = new StringWriter();
        RunResult result;
        List<Process> hogs = [.. Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(i => Hog(i % Environment.ProcessorCount))];
        try
        {
            result = await TestRuns.RunAsync(options, new PlainProgress(output));
        }
        finally
        {
            foreach (Process hog in hogs)
            {
                hog.Kill();
                hog.WaitForExit();
                hog.Dispose();
            }
        }

        IReadOnlyList<ResultRow> rows = ResultsFile.Read(Path.Combine(Temp.Path, ResultsFile.FileName));
        ResultRow[] replaced = [.. rows.Where(r => r.Phase == ResultRow.PhaseDisturbed)];
        ResultRow[] measured = [.. rows.Where(r => r.Phase == ResultRow.PhaseMeasure)];
        Assert.Equal(3, replaced.Length);
        Assert.Equal([1, 2, 3], measured.Select(r => r.Iteration));
        Assert.All(replaced.Concat(measured), r => Assert.True(Disturbance.IsDisturbed(r[Metric.ForeignCpuShare]), $"foreign_cpu_share {r[Metric.ForeignCpuShare]}"));
        Assert.All(measured, r => Assert.True(r.Steady)); // warm-up ended on a quiet JIT; the busy CPUs do not hide that

        SummaryRow summary = Assert.Single(result.Summary);
        Assert.Equal(3, summary.DisturbedIterations);
        Assert.Equal(3, summary.Iterations);
        Assert.Contains("(disturbed: other work took", output.ToString(), StringComparison.Ordinal);

        ComparisonReport report = ResultSetComparer.Compare(rows, rows, CompareOptions.For(Metric.OpsPerSecond));
        CellComparison cell = Assert.Single(report.Cells);
        Assert.Equal(CellOutcome.Disturbed, cell.Outcome);
        Assert.StartsWith("base: 3 of 3 iterations disturbed", cell.Note, StringComparison.Ordinal);
    }

    /// <summary>A shell busy loop pinned to <paramref name="cpu"/>.</summary>
    private static Process Hog(int cpu) =>
        Process.Start(new ProcessStartInfo("taskset", ["-c", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), "sh", "-c", "while :; do :; done"]))!;
}

/// <summary>Runs <see cref="DisturbanceRunTests"/> after the parallel tests, with nothing beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DisturbanceRunCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "disturbance (busy CPUs)";
}
