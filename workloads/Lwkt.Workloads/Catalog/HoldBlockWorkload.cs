using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>A lock held across a blocking call: tokens release on block, mutexes convoy.</summary>
internal sealed class HoldBlockWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "hold-block",
        "T threads share one lock; one op = acquire, cs_ns of work, a blocking call of block_us (a real kernel "
        + "nanosleep; on lwkt a sysport message), cs_ns of work, release. A mutex stays held while its owner "
        + "blocks (the others convoy); an LWKT token is released while its holder blocks and re-acquired before it "
        + "resumes. Latency: every op, acquire to release. Valid when the plain counter equals the ops and no two "
        + "threads are inside between blocking points (the exclusion both models promise).",
        [
            WorkloadParameter.Integer("block_us", 50, 0, 10_000_000, "us", "length of the blocking call made while holding the lock"),
            .. CriticalSectionWork.Parameters("CPU work before and after the blocking call", "CPU work outside the lock", thinkDefault: 0),
        ],
        settings => new HoldBlockWorkload(settings));

    private const string What = "hold-block lock";
    private readonly long _blockNs;
    private readonly CriticalSectionWork _work;
    private readonly GuardedCell[] _cell = new GuardedCell[1];
    private RtLock? _lock;

    private HoldBlockWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _blockNs = settings.Long("block_us") * 1000;
        _work = CriticalSectionWork.From(settings);
    }

    /// <inheritdoc/>
    protected override void Prepare() => _lock = Context.Runtime.CreateLock("hold-block");

    /// <inheritdoc/>
    public override async ValueTask RunThreadAsync(int thread)
    {
        IterationContext context = Context;
        WorkloadRuntime runtime = context.Runtime;
        RtLock gate = _lock!;
        var ops = new OpTally(context, thread, sampleMask: 0);
        do
        {
            ops.Begin();
            await gate.AcquireAsync();
            GuardedCell.Increment(ref _cell[0], thread, context, What, _work.CsNs);
            await runtime.BlockingCallAsync(_blockNs);
            GuardedCell.Enter(ref _cell[0], thread, context, What);
            CpuWork.Spin(_work.CsNs);
            GuardedCell.Exit(ref _cell[0], thread, context, What);
            gate.Release();
            ops.End();
            CpuWork.Spin(_work.ThinkNs);
            await runtime.MaybeYieldAsync();
        }
        while (!context.Stopping);

        ops.Report();
    }

    /// <inheritdoc/>
    public override void Validate() => GuardedCell.CheckOneIncrementPerOp(_cell[0], Context);
}
