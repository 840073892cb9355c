using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>Readers and writers share one reader/writer lock.</summary>
internal sealed class RwLockWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "rwlock",
        "T threads share one reader/writer lock (a token taken shared or exclusive on lwkt); each op is a read "
        + "(shared, with probability read_pct %) or a write (exclusive), with cs_ns of work inside and think_ns "
        + "outside. Latency: every 16th op, acquire to release. Valid when no reader saw a writer inside or the "
        + "data change under it, no two writers overlapped, and the plain data counter equals the writes.",
        [
            WorkloadParameter.Integer("read_pct", 90, 0, 100, "%", "share of ops that read"),
            .. CriticalSectionWork.Parameters("CPU work while holding the lock", "CPU work between ops"),
        ],
        settings => new RwLockWorkload(settings));

    private const string What = "rwlock";
    private readonly int _readPct;
    private readonly CriticalSectionWork _work;
    private readonly GuardedCell[] _cell = new GuardedCell[1];
    private readonly PaddedLong[] _writes;
    private RtRwLock? _lock;

    private RwLockWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _readPct = settings.Int("read_pct");
        _work = CriticalSectionWork.From(settings);
        _writes = new PaddedLong[Threads];
    }

    /// <inheritdoc/>
    protected override void Prepare() => _lock = Context.Runtime.CreateRwLock("rwlock");

    /// <inheritdoc/>
    public override async ValueTask RunThreadAsync(int thread)
    {
        IterationContext context = Context;
        WorkloadRuntime runtime = context.Runtime;
        RtRwLock rw = _lock!;
        FastRandom random = context.RandomFor(thread);
        var ops = new OpTally(context, thread, sampleMask: 15);
        long writes = 0;
        do
        {
            bool read = random.Below(100) < _readPct;
            ops.Begin();
            if (read)
            {
                await rw.AcquireSharedAsync();
                long version = GuardedCell.EnterShared(ref _cell[0], context, What);
                CpuWork.Spin(_work.CsNs);
                GuardedCell.ExitShared(ref _cell[0], version, context, What);
                rw.ReleaseShared();
            }
            else
            {
                await rw.AcquireExclusiveAsync();
                GuardedCell.Increment(ref _cell[0], thread, context, What, _work.CsNs);
                rw.ReleaseExclusive();
                writes++;
            }

            ops.End();

            CpuWork.Spin(_work.ThinkNs);
            await runtime.MaybeYieldAsync();
        }
        while (!context.Stopping);

        _writes[thread].Value = writes;
        ops.Report();
    }

    /// <inheritdoc/>
    public override void Validate()
    {
        long writes = _writes.Sum(w => w.Value);
        if (_cell[0].Count != writes)
        {
            Context.Violation($"data counter is {_cell[0].Count} after {writes} writes (lost updates)");
        }
    }

    /// <inheritdoc/>
    public override void AddDetail(ICollection<string> detail)
    {
        long writes = _writes.Sum(w => w.Value);
        detail.Add($"reads={Context.CountedOps().Sum() - writes};writes={writes}");
    }
}
