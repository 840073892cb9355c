using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>T threads yield in a loop: the cost of a switch.</summary>
internal sealed class YieldWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "yield",
        "T threads call YieldAsync in a loop: one op = one yield, so with T threads on one CPU ns_per_op is the cost "
        + "of a switch (an OS sched_yield with nothing else runnable returns at once). Latency: every 16th yield "
        + "timed. Valid when every thread resumes with its own state intact (a per-thread mark written before the "
        + "yield is unchanged after it: no continuation runs twice or as another thread).",
        [],
        settings => new YieldWorkload(settings));

    private readonly PaddedLong[] _marks;

    private YieldWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _marks = new PaddedLong[Threads];
    }

    /// <inheritdoc/>
    public override async ValueTask RunThreadAsync(int thread)
    {
        IterationContext context = Context;
        var ops = new OpTally(context, thread, sampleMask: 15);
        do
        {
            ops.Begin();
            long mark = ++_marks[thread].Value;
            await context.Runtime.YieldAsync();
            if (Volatile.Read(ref _marks[thread].Value) != mark)
            {
                context.Violation($"thread {thread} resumed from a yield with another run's state");
            }

            ops.End();
        }
        while (!context.Stopping);

        ops.Report();
    }

    /// <inheritdoc/>
    public override void Validate() => CheckOneCountPerOp(i => _marks[i].Value, "yield count");
}
