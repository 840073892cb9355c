using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>Ping-pong pairs sharing the CPUs with CPU-bound threads (Go's PingPongHog).</summary>
internal sealed class HogWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "hog",
        "pingpong pairs (threads/2, at least one; placement left to the runtime) plus CPU-bound hog threads that "
        + "loop over hog_slice_ns of CPU work and MaybeYieldAsync (the only preemption point a cooperative runtime "
        + "gets; OS threads are preempted by the kernel). One op = one round trip of a pair. Detail: the hogs' "
        + "slices, and hog_share = the hogs' CPU work (slices × hog_slice_ns) over the process's CPU time during hog "
        + "0's run (getrusage): the part of the CPU the scheduler left them, unaffected by other load on the machine "
        + "(target: at least 0.3 with one pair and one hog on one core). Latency: every 16th round trip. Valid as "
        + "pingpong.",
        [
            WorkloadParameter.Integer("hogs", 0, 0, 65_536, "count", "CPU-bound threads; 0 = one per core"),
            WorkloadParameter.Integer("hog_slice_ns", 10_000, 1, 1_000_000_000, "ns", "CPU work between a hog's preemption points"),
        ],
        settings => new HogWorkload(settings));

    private readonly PingPongPairs _pairs;
    private readonly int _hogs;
    private readonly long _sliceNs;
    private readonly PaddedLong[] _slices;
    private ProcessStats _cpuAtStart;
    private ProcessStats _cpuAtEnd;

    private HogWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _pairs = new PingPongPairs(Math.Max(1, settings.Threads / 2));
        int hogs = settings.Int("hogs");
        _hogs = hogs == 0 ? settings.Cores : hogs;
        _sliceNs = settings.Long("hog_slice_ns");
        _slices = new PaddedLong[_hogs];
    }

    /// <inheritdoc/>
    public override int ThreadCount => _pairs.ThreadCount + _hogs;

    /// <inheritdoc/>
    public override bool IsCounted(int thread) => thread < _pairs.ThreadCount && PingPongPairs.IsClient(thread);

    /// <inheritdoc/>
    protected override void Prepare() => _pairs.Prepare(Context.Runtime);

    /// <inheritdoc/>
    public override ValueTask RunThreadAsync(int thread) =>
        thread < _pairs.ThreadCount ? _pairs.RunAsync(Context, thread) : HogAsync(thread - _pairs.ThreadCount);

    /// <inheritdoc/>
    public override void Validate()
    {
        long[] ops = Context.CountedOps();
        _pairs.Validate(Context, client => ops[client / 2]);
    }

    /// <inheritdoc/>
    public override void AddDetail(ICollection<string> detail)
    {
        long slices = _slices.Sum(s => s.Value);
        ProcessStats used = _cpuAtEnd - _cpuAtStart;
        double cpuNs = (used.UserSeconds + used.SysSeconds) * 1e9;
        double share = cpuNs > 0 ? Math.Min(1, slices * (double)_sliceNs / cpuNs) : 0;
        detail.Add($"pairs={_pairs.ThreadCount / 2};hogs={_hogs};hog_slices={slices};hog_share={CellRunner.Format(share)}");
    }

    private async ValueTask HogAsync(int hog)
    {
        IterationContext context = Context;
        long slices = 0;
        if (hog == 0)
        {
            _cpuAtStart = ProcessStats.Read();
        }

        while (!context.Stopping)
        {
            CpuWork.Spin(_sliceNs);
            slices++;
            await context.Runtime.MaybeYieldAsync();
        }

        if (hog == 0)
        {
            _cpuAtEnd = ProcessStats.Read();
        }

        _slices[hog].Value = slices;
    }
}
