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
        + "gets; OS threads are preempted by the kernel). One op = one round trip of a pair; the hogs' slices are "
        + "reported in detail. Latency: every 16th round trip. Valid as pingpong.",
        [
            WorkloadParameter.Integer("hogs", 0, 0, 65_536, "count", "CPU-bound threads; 0 = one per core"),
            WorkloadParameter.Integer("hog_slice_ns", 10_000, 1, 1_000_000_000, "ns", "CPU work between a hog's preemption points"),
        ],
        settings => new HogWorkload(settings));

    private readonly PingPongPairs _pairs;
    private readonly int _hogs;
    private readonly long _sliceNs;
    private readonly PaddedLong[] _slices;

    private HogWorkload(WorkloadSettings settings)
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
    public override void AddDetail(ICollection<string> detail) =>
        detail.Add($"pairs={_pairs.ThreadCount / 2};hogs={_hogs};hog_slices={_slices.Sum(s => s.Value)}");

    private async ValueTask HogAsync(int hog)
    {
        IterationContext context = Context;
        long slices = 0;
        while (!context.Stopping)
        {
            CpuWork.Spin(_sliceNs);
            slices++;
            await context.Runtime.MaybeYieldAsync();
        }

        _slices[hog].Value = slices;
    }
}
