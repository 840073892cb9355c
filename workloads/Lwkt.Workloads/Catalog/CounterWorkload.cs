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
    private readonly int _threads;
    private readonly CriticalSectionWork _work;
    private readonly GuardedCell[] _cell = new GuardedCell[1];
    private RtLock? _lock;

    private CounterWorkload(WorkloadSettings settings)
    {
        _threads = settings.Threads;
        _work = CriticalSectionWork.From(settings);
    }

    /// <inheritdoc/>
    public override int ThreadCount => _threads;

    /// <inheritdoc/>
    protected override void Prepare() => _lock = Context.Runtime.CreateLock("counter");

    /// <inheritdoc/>
    public override async ValueTask RunThreadAsync(int thread)
    {
        IterationContext context = Context;
        WorkloadRuntime runtime = context.Runtime;
        RtLock gate = _lock!;
        long ops = 0;
        do
        {
            bool sample = (ops & 15) == 0;
            long start = sample ? Timestamps.Now() : 0;
            await gate.AcquireAsync();
            GuardedCell.Enter(ref _cell[0], thread, context, What);
            _cell[0].Count++;
            CpuWork.Spin(_work.CsNs);
            GuardedCell.Exit(ref _cell[0], thread, context, What);
            gate.Release();
            if (sample)
            {
                context.RecordLatencySince(thread, start);
            }

            CpuWork.Spin(_work.ThinkNs);
            ops++;
            await runtime.MaybeYieldAsync();
        }
        while (!context.Stopping);

        context.AddOps(thread, ops);
    }

    /// <inheritdoc/>
    public override void Validate() => GuardedCell.CheckOneIncrementPerOp(_cell[0], Context);
}
