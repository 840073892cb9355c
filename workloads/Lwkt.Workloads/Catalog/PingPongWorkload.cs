using Lwkt.Workloads.Execution;

namespace Lwkt.Workloads.Catalog;

/// <summary>Pairs exchange messages through ports: round-trip latency, with the pair on one CPU or two.</summary>
internal sealed class PingPongWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "pingpong",
        "threads/2 pairs (at least one); in each, a client sends through the server's port with CallAsync and the "
        + "server replies (ReceiveAsync + Reply): one op = one round trip, so with one pair ns_per_op is the round-trip "
        + "time. placement=same puts both sides of pair p on CPU p mod cores, cross puts them on two CPUs, auto leaves "
        + "it to the runtime; same and cross are unsupported on runtimes that cannot place threads (tpl-async). The "
        + "placement achieved is observed: cross_cpu_share is the share of sampled round trips whose sides ran on "
        + "different CPUs (sched_getcpu on both sides). Latency: every 16th round trip. Valid when every reply carries the transformed payload and each server saw its client's sequence "
        + "numbers in order, as many as the client completed.",
        [
            WorkloadParameter.Choice("placement", "auto", ["auto", "same", "cross"], "where the two sides of a pair run"),
        ],
        settings => new PingPongWorkload(settings));

    private readonly PingPongPairs _pairs;
    private readonly string _placement;
    private readonly int _cores;

    private PingPongWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _pairs = new PingPongPairs(Math.Max(1, settings.Threads / 2));
        _placement = settings.Text("placement");
        _cores = settings.Cores;
    }

    /// <inheritdoc/>
    public override int ThreadCount => _pairs.ThreadCount;

    /// <inheritdoc/>
    public override string? CellUnsupportedReason =>
        _placement == "cross" && _cores < 2 ? "placement=cross needs at least 2 cores" : null;

    /// <inheritdoc/>
    public override Func<int, int>? CpuOf => _placement switch
    {
        "same" => thread => (thread / 2) % _cores,
        "cross" => thread => thread % _cores,
        _ => null,
    };

    /// <inheritdoc/>
    public override bool IsCounted(int thread) => PingPongPairs.IsClient(thread);

    /// <inheritdoc/>
    public override double? CrossCpuShare => _pairs.CrossCpuShare;

    /// <inheritdoc/>
    protected override void Prepare() => _pairs.Prepare(Context.Runtime);

    /// <inheritdoc/>
    public override ValueTask RunThreadAsync(int thread) => _pairs.RunAsync(Context, thread);

    /// <inheritdoc/>
    public override void Validate()
    {
        long[] ops = Context.CountedOps();
        _pairs.Validate(Context, client => ops[client / 2]);
    }

    /// <inheritdoc/>
    public override void AddDetail(ICollection<string> detail) => detail.Add($"pairs={_pairs.ThreadCount / 2}");
}
