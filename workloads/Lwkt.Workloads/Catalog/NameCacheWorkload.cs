using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>A kernel-like name cache: hashed buckets guarded by a lock pool, shared lookups, exclusive updates, I/O on a miss.</summary>
internal sealed class NameCacheWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "namecache",
        "A hashed table of buckets guarded by a pool of reader/writer locks (bucket b uses lock b mod locks, as "
        + "DragonFly's token pool hashes objects to tokens), prefilled to its steady state. Each op is a lookup "
        + "(shared lock, probability lookup_pct %) of a random key of keys, or a removal (exclusive). A lookup that "
        + "misses does a blocking call of io_us outside any lock (the disk read; the sysport on lwkt) and inserts "
        + "the key (exclusive, unless another thread did meanwhile). One op = one lookup or removal. Latency: every "
        + "16th op, misses included. Valid when readers never saw a writer in their bucket lock, writers never "
        + "overlapped, and at the end every key is in its own bucket at most once and the entry count equals "
        + "prefill + inserts - removals.",
        [
            WorkloadParameter.Integer("buckets", 1024, 1, 16_777_216, "count", "hash buckets"),
            WorkloadParameter.Integer("locks", 64, 1, 1_048_576, "count", "reader/writer locks in the pool"),
            WorkloadParameter.Integer("keys", 4096, 1, 16_777_216, "count", "distinct keys"),
            WorkloadParameter.Integer("lookup_pct", 90, 0, 100, "%", "share of ops that look up (the rest remove)"),
            WorkloadParameter.Integer("io_us", 20, 0, 10_000_000, "us", "blocking call made on a lookup miss"),
        ],
        settings => new NameCacheWorkload(settings));

    private const string What = "namecache bucket lock";
    private readonly int _bucketCount;
    private readonly int _lockCount;
    private readonly int _keys;
    private readonly int _lookupPct;
    private readonly long _ioNs;
    private readonly List<int>[] _buckets;
    private readonly GuardedCell[] _cells;
    private readonly Tally[] _tallies;
    private RtRwLock[] _locks = [];
    private long _prefilled;

    private NameCacheWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _bucketCount = settings.Int("buckets");
        _lockCount = settings.Int("locks");
        _keys = settings.Int("keys");
        _lookupPct = settings.Int("lookup_pct");
        _ioNs = settings.Long("io_us") * 1000;
        _buckets = new List<int>[_bucketCount];
        _cells = new GuardedCell[_lockCount];
        _tallies = new Tally[Threads];
    }

    /// <inheritdoc/>
    protected override void Prepare()
    {
        _locks = CreateRwLocks("namecache", _lockCount);
        for (int b = 0; b < _bucketCount; b++)
        {
            _buckets[b] = [];
        }

        // Steady state: inserts (lookup share x miss ratio) balance removals (removal share x fill ratio).
        FastRandom random = Context.RandomFor(-1);
        double fill = _lookupPct / 100.0;
        for (int key = 0; key < _keys; key++)
        {
            if (random.Below(1_000_000) < fill * 1_000_000)
            {
                _buckets[BucketOf(key)].Add(key);
                _prefilled++;
            }
        }
    }

    /// <inheritdoc/>
    public override async ValueTask RunThreadAsync(int thread)
    {
        IterationContext context = Context;
        WorkloadRuntime runtime = context.Runtime;
        FastRandom random = context.RandomFor(thread);
        Tally tally = default;
        var ops = new OpTally(context, thread, sampleMask: 15);
        do
        {
            int key = random.Below(_keys);
            int bucket = BucketOf(key);
            int lockIndex = bucket % _lockCount;
            RtRwLock rw = _locks[lockIndex];
            ops.Begin();
            if (random.Below(100) < _lookupPct)
            {
                await rw.AcquireSharedAsync();
                long version = GuardedCell.EnterShared(ref _cells[lockIndex], context, What);
                bool hit = _buckets[bucket].Contains(key);
                GuardedCell.ExitShared(ref _cells[lockIndex], version, context, What);
                rw.ReleaseShared();
                if (hit)
                {
                    tally.Hits++;
                }
                else
                {
                    tally.Misses++;
                    await runtime.BlockingCallAsync(_ioNs);
                    await rw.AcquireExclusiveAsync();
                    GuardedCell.Enter(ref _cells[lockIndex], thread, context, What);
                    if (!_buckets[bucket].Contains(key))
                    {
                        _buckets[bucket].Add(key);
                        _cells[lockIndex].Count++;
                        tally.Inserts++;
                    }

                    GuardedCell.Exit(ref _cells[lockIndex], thread, context, What);
                    rw.ReleaseExclusive();
                }
            }
            else
            {
                await rw.AcquireExclusiveAsync();
                GuardedCell.Enter(ref _cells[lockIndex], thread, context, What);
                if (_buckets[bucket].Remove(key))
                {
                    _cells[lockIndex].Count++;
                    tally.Removals++;
                }

                GuardedCell.Exit(ref _cells[lockIndex], thread, context, What);
                rw.ReleaseExclusive();
            }

            ops.End();

            await runtime.MaybeYieldAsync();
        }
        while (!context.Stopping);

        _tallies[thread] = tally;
        ops.Report();
    }

    /// <inheritdoc/>
    public override void Validate()
    {
        var seen = new HashSet<int>();
        long entries = 0;
        for (int b = 0; b < _bucketCount; b++)
        {
            foreach (int key in _buckets[b])
            {
                entries++;
                if (BucketOf(key) != b || !seen.Add(key))
                {
                    Context.Violation($"key {key} is in bucket {b} wrongly or twice");
                }
            }
        }

        long inserts = _tallies.Sum(t => t.Inserts);
        long removals = _tallies.Sum(t => t.Removals);
        if (entries != _prefilled + inserts - removals)
        {
            Context.Violation($"table holds {entries} entries, expected {_prefilled} + {inserts} - {removals}");
        }
    }

    /// <inheritdoc/>
    public override void AddDetail(ICollection<string> detail) => detail.Add(
        $"hits={_tallies.Sum(t => t.Hits)};misses={_tallies.Sum(t => t.Misses)};" +
        $"inserts={_tallies.Sum(t => t.Inserts)};removals={_tallies.Sum(t => t.Removals)}");

    private int BucketOf(int key) => (int)(((uint)key * 2654435761u) % (uint)_bucketCount);

    /// <summary>A thread's outcome counts, kept in locals during the run and stored once at the end.</summary>
    private struct Tally
    {
        public long Hits;
        public long Misses;
        public long Inserts;
        public long Removals;
    }
}
