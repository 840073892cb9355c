using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>Create, run and join many threads: cost per thread, and (park=1) memory per thread.</summary>
internal sealed class SpawnWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "spawn",
        "T spawner threads create child threads with Spawn and join them; one op = one child created, run and "
        + "joined. park=0 (time-based): each spawner repeatedly spawns batch children and joins them. park=1 "
        + "(count-based, duration ignored): the spawners create count children in all, each child parks on an "
        + "event until every child exists, the last one to arrive reads the RSS and wakes them all, then all are "
        + "joined; bytes_per_thread = (RSS with all parked - RSS before) / count (the GC-heap growth per thread is "
        + "in detail). Latency: spawn-to-first-run of one child per batch (park=0; its position in the batch rotates "
        + "batch by batch: two clock reads cost about a third of a spawn) or of every child (park=1). Valid when "
        + "every joined child ran exactly once "
        + "before its join returned and (park=1) all count children were parked together.",
        [
            WorkloadParameter.Integer("park", 0, 0, 1, "0/1", "keep every child parked until all exist (memory per thread)"),
            WorkloadParameter.Integer("batch", 16, 1, 65_536, "count", "children a spawner creates before joining them (park=0)"),
            WorkloadParameter.Integer("count", 1000, 1, 10_000_000, "count", "children in all (park=1)"),
        ],
        settings => new SpawnWorkload(settings));

    private readonly int _spawners;
    private readonly bool _park;
    private readonly int _batch;
    private readonly int _count;

    /// <summary>The parking child's body: one delegate for the workload, the child record as its state.</summary>
    private readonly Func<object?, ValueTask> _parkingBody;
    private StartGate? _parkGate;
    private long _rssBefore;
    private long _heapBefore;
    private long _rssParked;
    private long _heapParked;

    private SpawnWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _spawners = settings.Threads;
        _park = settings.Long("park") == 1;
        _batch = settings.Int("batch");
        _count = settings.Int("count");
        _parkingBody = child =>
        {
            ((Child)child!).Ran();
            return ParkAsync();
        };
        if (_park && _count < _spawners)
        {
            throw new ArgumentException($"parameter 'count' of workload 'spawn' ({_count}) must be at least threads ({_spawners}) with park=1");
        }
    }

    /// <inheritdoc/>
    public override int ThreadCount => _spawners;

    /// <inheritdoc/>
    public override bool IsTimeBased => !_park;

    /// <inheritdoc/>
    public override double? BytesPerThread =>
        _park && _rssParked > 0 ? (double)(_rssParked - _rssBefore) / _count : null;

    /// <inheritdoc/>
    protected override void Prepare()
    {
        _parkGate = new StartGate(Context.Runtime.CreateEvent(), _count, MeasureParked);
        if (_park)
        {
            // An aggressive collection decommits what earlier iterations freed, so the RSS growth counts the
            // children's memory instead of being absorbed by memory the heap already held.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            _heapBefore = GC.GetTotalMemory(forceFullCollection: false);
            _rssBefore = ProcessStats.RssBytes();
        }
    }

    /// <inheritdoc/>
    public override ValueTask RunThreadAsync(int thread) => _park ? SpawnParkedAsync(thread) : SpawnBatchesAsync(thread);

    /// <inheritdoc/>
    public override void Validate()
    {
        if (_park && !_parkGate!.IsOpen)
        {
            Context.Violation($"only {_parkGate.Arrived} of {_count} children were parked together");
        }
    }

    /// <inheritdoc/>
    public override void AddDetail(ICollection<string> detail)
    {
        if (_park)
        {
            detail.Add($"children={_count};gc_heap_bytes_per_thread={CellRunner.Format((double)(_heapParked - _heapBefore) / _count)}");
        }
    }

    private async ValueTask SpawnBatchesAsync(int thread)
    {
        IterationContext context = Context;
        WorkloadRuntime runtime = context.Runtime;
        var children = new Child[_batch];
        var handles = new RtThread[_batch];
        for (int i = 0; i < _batch; i++)
        {
            children[i] = new Child();
        }

        long ops = 0;
        int timed = 0;
        do
        {
            for (int i = 0; i < _batch; i++)
            {
                children[i].Arm(timed: i == timed);
                handles[i] = runtime.Spawn(s_runningBody, children[i]);
            }

            timed = timed + 1 == _batch ? 0 : timed + 1;

            for (int i = 0; i < _batch; i++)
            {
                await handles[i].JoinAsync();
                children[i].Check(context, thread);
            }

            ops += _batch;
        }
        while (!context.Stopping);

        context.AddOps(thread, ops);
    }

    private async ValueTask SpawnParkedAsync(int thread)
    {
        IterationContext context = Context;
        WorkloadRuntime runtime = context.Runtime;
        int share = (_count / _spawners) + (thread < _count % _spawners ? 1 : 0);
        var children = new Child[share];
        var handles = new RtThread[share];
        for (int i = 0; i < share; i++)
        {
            children[i] = new Child();
            children[i].Arm(timed: true);
            handles[i] = runtime.Spawn(_parkingBody, children[i]);
        }

        for (int i = 0; i < share; i++)
        {
            await handles[i].JoinAsync();
            children[i].Check(context, thread);
        }

        context.AddOps(thread, share);
    }

    /// <summary>
    /// The batch child's body: it records its run and returns. Neither body is an async method: a parked child keeps
    /// no box of its own, on any runtime, only what the runtime's event keeps per waiter.
    /// </summary>
    private static readonly Func<object?, ValueTask> s_runningBody = static child =>
    {
        ((Child)child!).Ran();
        return default;
    };

    /// <summary>Parks a child until all <c>count</c> children exist; the last to arrive measures (<see cref="MeasureParked"/>) and wakes them.</summary>
    private ValueTask ParkAsync() => _parkGate!.ArriveAndWaitAsync();

    /// <summary>Reads the memory with every child parked; runs on the last child to park, before any is woken.</summary>
    private void MeasureParked()
    {
        _rssParked = ProcessStats.RssBytes();
        _heapParked = GC.GetTotalMemory(forceFullCollection: false);
    }

    /// <summary>
    /// One child's record, the state of its body: 32 bytes with the object header, the workload's whole per-child
    /// allocation besides its slots in the spawner's arrays.
    /// </summary>
    private sealed class Child
    {
        /// <summary>
        /// A timed child's spawn timestamp until it runs, then its spawn-to-first-run latency in timestamp ticks; 0 for
        /// an untimed child (a monotonic timestamp is never 0, and a latency of 0 ticks is recorded as 1).
        /// </summary>
        private long _stamp;
        private int _runs;

        /// <summary>Readies the record for a spawn; a <paramref name="timed"/> child reads the clock here and when it runs.</summary>
        public void Arm(bool timed)
        {
            _runs = 0;
            _stamp = timed ? Timestamps.Now() : 0;
        }

        /// <summary>The child's run: its latency, then the count (a full fence; the join orders both before <see cref="Check"/>).</summary>
        public void Ran()
        {
            if (_stamp != 0)
            {
                _stamp = Math.Max(1, Timestamps.Now() - _stamp);
            }

            Interlocked.Increment(ref _runs);
        }

        /// <summary>After the join: the child must have run exactly once; records a timed child's spawn-to-run latency.</summary>
        public void Check(IterationContext context, int spawner)
        {
            int runs = Volatile.Read(ref _runs);
            if (runs != 1)
            {
                context.Violation($"a child of spawner {spawner} ran {runs} times before its join returned");
                return;
            }

            if (_stamp != 0)
            {
                context.RecordLatencyNs(spawner, Timestamps.ToNs(_stamp));
            }
        }
    }
}
