namespace Lwkt.Workloads.Tests;

/// <summary>
/// A port delivers each sender's messages in order across CPUs, while threads move between them: the pipeline checks
/// every message's sequence number at every stage. On lwkt at 2 cores its stages move (wake affinity gathers them,
/// work requests spread them), and an lwkt port on the receiver's thread port, whose remote puts travel by IPI to the
/// CPU the receiver was on, received out of order in every run (16–318 violations per 300 ms cell).
/// </summary>
public sealed class PortOrderTests
{
    [Theory]
    [MemberData(nameof(Runtimes))]
    public void A_pipeline_at_two_cores_receives_every_message_in_order(string runtime)
    {
        var spec = new CellSpec("pipeline", runtime, 2, 4, new Dictionary<string, string>(), TimeSpan.FromMilliseconds(500), 42);
        using var runner = new CellRunner(spec);

        for (int iteration = 0; iteration < 3; iteration++)
        {
            IterationResult result = TestCells.RunOnce(runner, $"pipeline on {runtime}, iteration {iteration}");
            Assert.True(result.Status == IterationResult.StatusOk, $"iteration {iteration}: {result.Status}: {result.Error}");
        }
    }

    public static TheoryData<string> Runtimes => new(TestCells.Runtimes);
}
