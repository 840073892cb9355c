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
        + "thread. Valid when the plain counter equals the ops and no thread found another inside the lock. `detail`: "
        + "`lock_cpu_changes` = share of ops whose holder ran on another CPU than the previous holder (the lock and the "
        + "counter moved between CPUs).",
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
            GuardedCell.NoteCpu(ref _cell[0], Thread.GetCurrentProcessorId());
            gate.Release();
            ops.End();

            CpuWork.Spin(_work.ThinkNs);
            await runtime.MaybeYieldAsync();
        }
        while (!context.Stopping);

        ops.Report();
    }

    /// <summary>
    /// The iteration's share of ops that found the previous holder on another CPU (<see cref="GuardedCell.NoteCpu"/>):
    /// with one lock and T threads on 2+ CPUs, whether the holders alternate between CPUs (near 1 when op by op: a line
    /// transfer in every op's path) or run in batches on one CPU (near 0; exactly 0 on one CPU).
    /// </summary>
    public override void AddDetail(ICollection<string> detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        long ops = _cell[0].Count;
        detail.Add(FormattableString.Invariant($"lock_cpu_changes={(ops == 0 ? 0 : (double)_cell[0].CpuChanges / ops):F4}"));
    }

    /// <inheritdoc/>
    public override void Validate() => GuardedCell.CheckOneIncrementPerOp(_cell[0], Context);
}
