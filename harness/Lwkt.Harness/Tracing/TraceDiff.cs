using System.Globalization;
using Lwkt.Harness.Cli;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// Two traces of the same cell side by side (<c>trace diff BASE NEW</c>): the counted quantities per operation
/// (LWKT switches, IPIs, token collisions and migrations, contention count and wait per lock or token, GC
/// collections, runtime suspensions, every event kind, samples per thread kind) and the frames whose share of their
/// thread kind's samples moved most. Rows that moved less than the thresholds are noise and left out.
/// </summary>
public sealed class TraceDiff
{
    /// <summary>Default for <see cref="MinShareChange"/>: 2 share points, above the ±1.5 points a frame at 50 % of 1000 samples moves by chance.</summary>
    public const double DefaultMinShareChange = 0.02;

    /// <summary>Default for <see cref="MinRateChange"/>: ±10 %.</summary>
    public const double DefaultMinRateChange = 0.10;

    /// <summary>
    /// Counts below this on both sides are never shown as moved: a Poisson count of 10 varies by about ±30 % between
    /// identical runs, so a change of a smaller count says nothing.
    /// </summary>
    public const double MinCount = 10;

    /// <summary>Default number of frame rows.</summary>
    public const int DefaultTopFrames = 10;

    /// <summary>Only <see cref="Compare"/> makes one.</summary>
    private TraceDiff()
    {
    }

    /// <summary>The base trace.</summary>
    public required TraceSummary Base { get; init; }

    /// <summary>The new trace.</summary>
    public required TraceSummary New { get; init; }

    /// <summary>True when both traces know their operations and <see cref="Rates"/> are per operation; else totals.</summary>
    public required bool PerOp { get; init; }

    /// <summary>The quantities that moved beyond the thresholds, largest move first within each group.</summary>
    public required IReadOnlyList<RateRow> Rates { get; init; }

    /// <summary>
    /// The frames (stacks folded to the suite's code, <see cref="SuiteCode"/>) that moved beyond the threshold, in
    /// <see cref="FrameMove.InReportOrder"/> (at most the requested number).
    /// </summary>
    public required IReadOnlyList<FrameMove> Frames { get; init; }

    /// <summary>Differences between the two cells worth a line (another runtime, other parameters, lost events).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>
    /// True when the frames of <see cref="ThreadKind.Other"/> threads were left out of <see cref="Frames"/>: both
    /// traces have workload threads (LWKT workers, sysport or OS threads), and the other threads (the host's main
    /// thread joining, the stop timer, idle pool threads) mostly wait, so their shares move with the wall clock,
    /// not with the work.
    /// </summary>
    public bool OtherThreadsLeftOut { get; private init; }

    /// <summary>The share-point threshold used (0..1).</summary>
    public double MinShareChange { get; private init; }

    /// <summary>The relative-change threshold used (0..1).</summary>
    public double MinRateChange { get; private init; }

    /// <summary>Compares <paramref name="baseTrace"/> with <paramref name="newTrace"/>.</summary>
    /// <exception cref="UsageException">A trace holds no samples, or the traces are of different workloads.</exception>
    public static TraceDiff Compare(
        TraceSummary baseTrace, TraceSummary newTrace, double minShareChange = DefaultMinShareChange,
        double minRateChange = DefaultMinRateChange, int topFrames = DefaultTopFrames)
    {
        ArgumentNullException.ThrowIfNull(baseTrace);
        ArgumentNullException.ThrowIfNull(newTrace);
        foreach (TraceSummary side in new[] { baseTrace, newTrace })
        {
            if (side.Frames is null)
            {
                throw new UsageException($"{side.Path}: no CPU samples in this trace (record both cells with run --trace cpu or --trace full)");
            }
        }

        TraceCell b = baseTrace.Cell;
        TraceCell n = newTrace.Cell;
        if (b.Workload is not null && n.Workload is not null && b.Workload != n.Workload)
        {
            throw new UsageException($"the traces are of different workloads ({b.Workload} in {baseTrace.Path}, {n.Workload} in {newTrace.Path}): nothing to compare");
        }

        bool perOp = b.Ops is > 0 && n.Ops is > 0;
        var rows = new List<RateRow>();
        Add(rows, perOp, baseTrace, newTrace);
        RateRow[] rates = [.. rows
            .Where(r => Math.Max(r.BaseCount, r.NewCount) >= MinCount && r.Magnitude >= Math.Log(1 + minRateChange))
            .GroupBy(r => r.Group)
            .SelectMany(g => g.OrderByDescending(r => r.Magnitude).ThenBy(r => r.Name, StringComparer.Ordinal))];

        bool workloadThreads = HasWorkloadThreads(baseTrace.Frames!) && HasWorkloadThreads(newTrace.Frames!);
        FrameMove[] frames = [.. FrameMove.InReportOrder(FrameMoves(baseTrace.Frames!, newTrace.Frames!)
            .Where(f => f.Magnitude >= minShareChange && f.IsBeyondChance && !(workloadThreads && f.Kind == ThreadKind.Other)))
            .Take(topFrames)];

        return new TraceDiff
        {
            Base = baseTrace,
            New = newTrace,
            PerOp = perOp,
            Rates = rates,
            Frames = frames,
            Notes = NotesOf(baseTrace, newTrace, perOp),
            MinShareChange = minShareChange,
            MinRateChange = minRateChange,
            OtherThreadsLeftOut = workloadThreads,
        };
    }

    private static bool HasWorkloadThreads(HotFrames frames) => frames.Kinds.Keys.Any(k => k != ThreadKind.Other);

    private static List<string> NotesOf(TraceSummary baseTrace, TraceSummary newTrace, bool perOp)
    {
        var notes = new List<string>();
        TraceCell b = baseTrace.Cell;
        TraceCell n = newTrace.Cell;
        if (b.Runtime is not null && n.Runtime is not null && b.Runtime != n.Runtime)
        {
            notes.Add($"different runtimes: {b.Runtime} (base) vs {n.Runtime} (new)");
        }
        else if (b.Key is not null && n.Key is not null && b.Key != n.Key)
        {
            notes.Add($"different cells: {b.Key} (base) vs {n.Key} (new)");
        }

        if (!perOp)
        {
            notes.Add("operations unknown for " + (b.Ops is > 0 ? "the new trace" : n.Ops is > 0 ? "the base trace" : "both traces")
                + " (no results row next to it): totals compared, not rates per operation");
        }
        else if (b.Coverage != n.Coverage)
        {
            notes.Add($"the traces span different parts of their runs: base {b.Coverage}; new {n.Coverage}");
        }

        foreach (TraceSummary side in new[] { baseTrace, newTrace })
        {
            if (side.EventsLost > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{side.Path} lost {side.EventsLost} events: its counts are low"));
            }
        }

        return notes;
    }

    /// <summary>Every quantity of both traces, as rows (zero on the side that lacks one).</summary>
    private static void Add(List<RateRow> rows, bool perOp, TraceSummary b, TraceSummary n)
    {
        void Row(string group, string name, double baseCount, double newCount) => rows.Add(new RateRow(
            group, name, baseCount, newCount,
            perOp ? b.Cell.PerOp(baseCount) : baseCount,
            perOp ? n.Cell.PerOp(newCount) : newCount));

        (string Name, Func<CpuStats, long> Value)[] lwkt =
        [
            ("switches", c => c.Switches), ("idle entries", c => c.IdleEntries), ("ipis sent", c => c.IpisSent),
            ("ipis run", c => c.IpisProcessed), ("token collisions", c => c.TokenCollisions),
            ("migrations", c => c.MigrationsOut), ("work requests", c => c.WorkRequests),
        ];
        foreach ((string name, Func<CpuStats, long> value) in lwkt)
        {
            Row("lwkt", name, b.Cpus.Values.Sum(value), n.Cpus.Values.Sum(value));
        }

        Dictionary<string, (long Count, double Ns)> baseLocks = ByLockName(b);
        Dictionary<string, (long Count, double Ns)> newLocks = ByLockName(n);
        foreach (string name in baseLocks.Keys.Union(newLocks.Keys).Order(StringComparer.Ordinal))
        {
            (long Count, double Ns) bs = baseLocks.GetValueOrDefault(name);
            (long Count, double Ns) ns = newLocks.GetValueOrDefault(name);
            Row("contention", name + " waits", bs.Count, ns.Count);
            Row("contention", name + " wait ns", bs.Ns, ns.Ns);
        }

        Row("gc", "collections", b.GcCollections.Sum(), n.GcCollections.Sum());
        foreach (string reason in b.Pauses.Keys.Union(n.Pauses.Keys).Order(StringComparer.Ordinal))
        {
            DurationStats? bs = b.Pauses.GetValueOrDefault(reason);
            DurationStats? ns = n.Pauses.GetValueOrDefault(reason);
            Row("suspension", $"{reason} suspensions", bs?.Count ?? 0, ns?.Count ?? 0);
            Row("suspension", $"{reason} pause ns", bs?.TotalNs ?? 0, ns?.TotalNs ?? 0);
        }

        foreach (ThreadKind kind in ThreadKinds.All)
        {
            Row("samples", ThreadKinds.Name(kind) + " running samples", b.Frames!.Of(kind).Running, n.Frames!.Of(kind).Running);
            Row("samples", ThreadKinds.Name(kind) + " samples outside managed code", b.Frames!.Of(kind).OutsideManaged, n.Frames!.Of(kind).OutsideManaged);
        }

        foreach (string kind in b.EventKinds.Keys.Union(n.EventKinds.Keys).Order(StringComparer.Ordinal))
        {
            // Rundown is bookkeeping written at the stop, and samples are counted per thread kind above.
            if (kind.EndsWith("/*", StringComparison.Ordinal) || kind.StartsWith(TraceProviders.SampleProfilerProvider, StringComparison.Ordinal))
            {
                continue;
            }

            DurationStats? bs = b.EventKinds.GetValueOrDefault(kind);
            DurationStats? ns = n.EventKinds.GetValueOrDefault(kind);
            Row("events", kind, bs?.Count ?? 0, ns?.Count ?? 0);
            if (bs?.Timed > 0 || ns?.Timed > 0)
            {
                Row("events", kind + " ns", bs?.TotalNs ?? 0, ns?.TotalNs ?? 0);
            }
        }
    }

    /// <summary>
    /// Contention by what identifies a lock across two processes: a token by its name (<c>token counter</c>; its id
    /// differs between runs, and every iteration creates its locks anew), CLR locks (ids are addresses) and
    /// baseline locks (ids are per process) by their source.
    /// </summary>
    private static Dictionary<string, (long Count, double Ns)> ByLockName(TraceSummary trace)
    {
        var locks = new Dictionary<string, (long Count, double Ns)>(StringComparer.Ordinal);
        foreach (((string source, string lockName), DurationStats stats) in trace.Contention)
        {
            int hash = lockName.LastIndexOf('#');
            string name = source == "token" && hash > 0 ? $"token {lockName[..hash]}" : $"{source} locks";
            (long count, double ns) = locks.GetValueOrDefault(name);
            locks[name] = (count + stats.Count, ns + stats.TotalNs);
        }

        return locks;
    }

    private static IEnumerable<FrameMove> FrameMoves(HotFrames b, HotFrames n)
    {
        foreach (ThreadKind kind in ThreadKinds.All)
        {
            KindProfile bp = b.Of(kind);
            KindProfile np = n.Of(kind);
            foreach (string frame in bp.SuiteFrames.Keys.Union(np.SuiteFrames.Keys))
            {
                yield return new FrameMove(
                    kind, frame, bp.ExclusiveShare(frame, bp.SuiteFrames), np.ExclusiveShare(frame, np.SuiteFrames),
                    bp.InclusiveShare(frame, bp.SuiteFrames), np.InclusiveShare(frame, np.SuiteFrames), bp.Running, np.Running);
            }
        }
    }
}
