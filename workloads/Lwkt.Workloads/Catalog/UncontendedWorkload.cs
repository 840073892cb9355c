using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>Each thread takes and releases its own private lock: the uncontended acquire/release cost.</summary>
internal sealed class UncontendedWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "uncontended",
        "Each of T threads acquires and releases its own private lock (no sharing): one op = acquire + release, "
        + "so with 1 thread ns_per_op is the uncontended cost. Latency: every 64th op is timed (a clock read costs "
        + "about as much as the op). Valid when each private counter equals its thread's ops and no owner clash.",
        [],
        settings => new UncontendedWorkload(settings));

    private const string What = "private lock";
    private readonly GuardedCell[] _cells;
    private RtLock[] _locks = [];

    private UncontendedWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _cells = new GuardedCell[Threads];
    }

    /// <inheritdoc/>
    protected override void Prepare() => _locks = CreateLocks("private", Threads);

    /// <inheritdoc/>
    public override async ValueTask RunThreadAsync(int thread)
    {
        IterationContext context = Context;
        WorkloadRuntime runtime = context.Runtime;
        RtLock own = _locks[thread];
        var ops = new OpTally(context, thread, sampleMask: 63);
        do
        {
            ops.Begin();
            await own.AcquireAsync();
            GuardedCell.Enter(ref _cells[thread], thread, context, What);
            _cells[thread].Count++;
            GuardedCell.Exit(ref _cells[thread], thread, context, What);
            own.Release();
            ops.End();

            await runtime.MaybeYieldAsync();
        }
        while (!context.Stopping);

        ops.Report();
    }

    /// <inheritdoc/>
    public override void Validate() => CheckOneCountPerOp(i => _cells[i].Count, "private counter");
}
