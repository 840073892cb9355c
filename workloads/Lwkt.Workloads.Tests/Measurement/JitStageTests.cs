using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests.Measurement;

/// <summary>The JIT stage's shape: timed rounds first, then zero-duration call-count rounds, each part bounded.</summary>
public sealed class JitStageTests
{
    [Fact]
    public void Timed_rounds_come_first_then_call_count_rounds_of_zero_duration()
    {
        var durations = new List<TimeSpan>();
        var numbers = new List<int>();

        JitStageOutcome outcome = JitStage.Run((iteration, duration) =>
        {
            numbers.Add(iteration);
            durations.Add(duration);
        });

        int timed = durations.TakeWhile(d => d == JitStage.IterationTime).Count();
        int zero = durations.Count - timed;
        Assert.All(durations.Skip(timed), d => Assert.Equal(TimeSpan.Zero, d));
        Assert.InRange(timed, JitStage.TimedIterationsPerRound, JitStage.TimedIterationsPerRound * JitStage.MaxTimedRounds);
        Assert.Equal(0, timed % JitStage.TimedIterationsPerRound);
        Assert.InRange(zero, JitStage.IterationsPerRound, JitStage.IterationsPerRound * JitStage.MaxRounds);
        Assert.Equal(0, zero % JitStage.IterationsPerRound);
        Assert.Equal(Enumerable.Range(1, durations.Count), numbers);
        Assert.Equal(durations.Count, outcome.Iterations);
        Assert.Equal((timed / JitStage.TimedIterationsPerRound) + (zero / JitStage.IterationsPerRound), outcome.MethodsPerRound.Count);
    }

    [Fact]
    public void The_detail_lists_every_round()
    {
        var outcome = new JitStageOutcome(40, [900, 12, 30, 4], Quiet: true, TimeSpan.FromMilliseconds(812));

        Assert.Equal("jit_stage=40it/900+12+30+4m/812ms", outcome.Detail);
        Assert.Null(JitStageOutcome.Skipped.Detail);
    }
}
