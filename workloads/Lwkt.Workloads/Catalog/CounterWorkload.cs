using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>T threads increment one counter under one lock, with CPU work inside and outside the lock.</summary>
internal sealed class CounterWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "counter",
        "T threads increment one shared counter under one exclusive lock (a token on lwkt): one op = acquire, "
        + "cs_ns of CPU work, release, think_ns of CPU work. Latency: acquire-to-release time of every 16th op per "
        + "thread. Valid when the plain counter equals the ops and no thread found another inside the lock.",
        [
            .. CriticalSectionWork.Parameters("CPU work inside the lock", "CPU work outside the lock"),
        ],
        settings => new CounterWorkload(settings));

    private const string What = "counter lock";
    private readonly CriticalSectionWork _work;
    private readonly GuardedCell[] _cell = new GuardedCell[1];
    private RtLock? _lock;

    private CounterWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _work = CriticalSectionWork.From(settings);
    }

    /// <inheritdoc/>
    protected override void Prepare() => _lock = Context.Runtime.CreateLock("counter");

    /// <inheritdoc/>
    public override async ValueTask RunThreadAsync(int thread)
    {
        IterationContext context = Context;
        WorkloadRuntime runtime = context.Runtime;
        RtLock gate = _lock!;
        var ops = new OpTally(context, thread, sampleMask: 15);
        do
        {
            ops.Begin();
            await gate.AcquireAsync();
            GuardedCell.Increment(ref _cell[0], thread, context, What, _work.CsNs);
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
