using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>Each op takes k of L locks chosen at random, in random order, as one lock set.</summary>
internal sealed class MultilockWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "multilock",
        "T threads; each op picks k distinct locks of L at random, in random order, takes them all with "
        + "AcquireAllAsync (mutex runtimes sort them by id to avoid deadlock: that sort is their cost; tokens cannot "
        + "deadlock and take them as given), does cs_ns of work and releases them. Latency: every 16th op, "
        + "acquire-all to release-all. Valid when every lock's plain counter sums to k x ops and no owner clash.",
        [
            WorkloadParameter.Integer("locks", 16, 1, 1_048_576, "count", "L, the number of locks"),
            WorkloadParameter.Integer("k", 2, 1, 64, "count", "locks taken per op (at most L)"),
            .. CriticalSectionWork.Parameters("CPU work while holding the set", "CPU work between ops"),
        ],
        settings => new MultilockWorkload(settings));

    private const string What = "multilock";
    private readonly int _lockCount;
    private readonly int _k;
    private readonly CriticalSectionWork _work;
    private readonly GuardedCell[] _cells;
    private RtLock[] _locks = [];

    private MultilockWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _lockCount = settings.Int("locks");
        _k = settings.Int("k");
        _work = CriticalSectionWork.From(settings);
        if (_k > _lockCount)
        {
            throw new ArgumentException($"parameter 'k' of workload 'multilock' ({_k}) must not exceed 'locks' ({_lockCount})");
        }

        _cells = new GuardedCell[_lockCount];
    }

    /// <inheritdoc/>
    protected override void Prepare() => _locks = CreateLocks("multilock", _lockCount);

    /// <inheritdoc/>
    public override async ValueTask RunThreadAsync(int thread)
    {
        IterationContext context = Context;
        WorkloadRuntime runtime = context.Runtime;
        FastRandom random = context.RandomFor(thread);
        int[] permutation = Enumerable.Range(0, _lockCount).ToArray();
        int[] chosen = new int[_k];
        var set = new RtLock[_k];
        var ops = new OpTally(context, thread, sampleMask: 15);
        do
        {
            // A partial Fisher-Yates shuffle: k distinct locks, in random order.
            for (int j = 0; j < _k; j++)
            {
                int r = j + random.Below(_lockCount - j);
                (permutation[j], permutation[r]) = (permutation[r], permutation[j]);
                chosen[j] = permutation[j];
                set[j] = _locks[chosen[j]];
            }

            ops.Begin();
            await runtime.AcquireAllAsync(set, _k);
            for (int j = 0; j < _k; j++)
            {
                GuardedCell.Enter(ref _cells[chosen[j]], thread, context, What);
                _cells[chosen[j]].Count++;
            }

            CpuWork.Spin(_work.CsNs);
            for (int j = 0; j < _k; j++)
            {
                GuardedCell.Exit(ref _cells[chosen[j]], thread, context, What);
            }

            runtime.ReleaseAll(set, _k);
            ops.End();

            CpuWork.Spin(_work.ThinkNs);
            await runtime.MaybeYieldAsync();
        }
        while (!context.Stopping);

        ops.Report();
    }

    /// <inheritdoc/>
    public override void Validate()
    {
        long expected = Context.CountedOps().Sum() * _k;
        long counted = _cells.Sum(c => c.Count);
        if (counted != expected)
        {
            Context.Violation($"lock counters sum to {counted}, expected {expected} (k x ops): lost updates");
        }
    }

    /// <inheritdoc/>
    public override void AddDetail(ICollection<string> detail) => detail.Add($"locks={_lockCount};k={_k}");
}
