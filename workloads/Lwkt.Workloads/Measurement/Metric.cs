namespace Lwkt.Workloads.Measurement;

/// <summary>
/// One measured figure of an iteration, described once: its CSV column, unit, which direction is better, the
/// absolute noise floor below which <c>compare</c> never reports a change, a legend, and where the number comes
/// from. This list drives everything that carries a metric: the host's ITERATION message (values keyed by
/// <see cref="Name"/>), the <c>results.csv</c> columns, the medians of <c>summary.csv</c>, the choices of
/// <c>compare --metric</c>, and the generated column tables of <c>results/README.md</c>.
/// </summary>
/// <remarks>
/// <para>This file is compiled into the host (through <c>Lwkt.Workloads</c>) and linked into the harness, so both
/// ends of the protocol read one definition. Adding a metric: one instance here (appended to <see cref="All"/>,
/// which appends its column to new files) plus the code that measures it (<c>CellRunner</c> sets it on the
/// iteration's <see cref="MetricValues"/>). A metric over a runtime counter (<see cref="RuntimeCounter"/>) needs no
/// measuring code: <c>CellRunner</c> reports the difference of every <see cref="Counter"/> across each iteration
/// for a runtime that reports that counter, and leaves it empty for one that does not. Column names and order of
/// existing metrics never change: old result files must still load.</para>
/// <para>The noise floor plays the role of ResultsComparer's <c>--noise 0.3ns</c>: a change smaller than it is
/// not a change however significant, so 1.0 ns versus 1.1 ns is not a 10 % regression. Metrics without a floor
/// are recorded but not offered to <c>compare</c>.</para>
/// </remarks>
public sealed class Metric
{
    private static int s_count;

    private Metric(string name, string unit, bool higherIsBetter, double? noiseFloor, bool integer, bool required, string legend, string source, string? counter = null)
    {
        Index = s_count++;
        Name = name;
        Unit = unit;
        HigherIsBetter = higherIsBetter;
        NoiseFloor = noiseFloor;
        Integer = integer;
        Required = required;
        Legend = legend;
        Source = source;
        Counter = counter;
    }

    /// <summary>The CSV column, the key in the ITERATION message, and the <c>compare --metric</c> value.</summary>
    public string Name { get; }

    /// <summary>The unit of the values (and of <c>compare --noise</c>).</summary>
    public string Unit { get; }

    /// <summary>Whether a larger value is an improvement (throughput, fairness) rather than a regression (time).</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The absolute noise floor <c>compare</c> uses without <c>--noise</c>; null: not comparable.</summary>
    public double? NoiseFloor { get; }

    /// <summary>Whether values are whole numbers (written without a fraction).</summary>
    public bool Integer { get; }

    /// <summary>Whether the column belongs to the first schema: a results file without it does not load.</summary>
    public bool Required { get; }

    /// <summary>What the value means (the README's table).</summary>
    public string Legend { get; }

    /// <summary>Where the value comes from (the README's table).</summary>
    public string Source { get; }

    /// <summary>
    /// The runtime counter this metric is the per-iteration difference of: the name a runtime reports it under from
    /// <c>WorkloadRuntime.ReadCounters</c> (for <c>lwkt</c> every field of <c>CpuCounters</c> by its name, times in
    /// nanoseconds as <c>IdleSpinNs</c>, and <c>TokenCollisions</c>; for <c>os-futex</c> <c>FutexWaits</c> and
    /// <c>FutexWakes</c>). Null for a metric measured otherwise.
    /// </summary>
    public string? Counter { get; }

    /// <summary>Position in <see cref="All"/> (the slot in <see cref="MetricValues"/>).</summary>
    public int Index { get; }

    /// <summary>Whether <c>compare</c> accepts this metric.</summary>
    public bool Comparable => NoiseFloor is not null;

    /// <summary>Wall time measured, s.</summary>
    public static Metric DurationS { get; } = new("duration_s", "s", false, null, false, true,
        "wall time measured: from the start barrier opening to the last workload thread finishing.", "monotonic clock");

    /// <summary>Operations completed.</summary>
    public static Metric Ops { get; } = new("ops", "count", true, null, true, true,
        "operations completed by all threads (each workload defines one op: a lock round, a yield, a round trip, a child spawned+joined…).", "workload");

    /// <summary>Operations per second over all threads. Noise 1 op/s: the count resolution of a one-second iteration.</summary>
    public static Metric OpsPerSecond { get; } = new("ops_per_s", "ops/s", true, 1, false, true,
        "`ops / duration_s`, over all threads. **The main metric.**", "workload, clock");

    /// <summary>Wall nanoseconds per operation. Noise 0.3 ns, ResultsComparer's default for per-operation time.</summary>
    public static Metric NsPerOp { get; } = new("ns_per_op", "ns", false, 0.3, false, true,
        "`duration_s × 1e9 / ops`: wall time per op over all threads (for `yield` the cost of a switch, for `pingpong` with one pair the round trip, for `spawn` the cost per thread).", "workload, clock");

    /// <summary>Median latency. Noise 50 ns: about the cost of the two timestamps around one operation.</summary>
    public static Metric LatencyP50 { get; } = new("lat_p50_ns", "ns", false, 50, true, true,
        "per-op latency, 50th percentile (HdrHistogram; each workload says which ops it samples).", "HdrHistogram of sampled ops");

    /// <summary>90th percentile latency (noise as <see cref="LatencyP50"/>).</summary>
    public static Metric LatencyP90 { get; } = new("lat_p90_ns", "ns", false, 50, true, true,
        "90th percentile latency.", "HdrHistogram of sampled ops");

    /// <summary>99th percentile latency (noise as <see cref="LatencyP50"/>).</summary>
    public static Metric LatencyP99 { get; } = new("lat_p99_ns", "ns", false, 50, true, true,
        "99th percentile latency.", "HdrHistogram of sampled ops");

    /// <summary>99.9th percentile latency (noise as <see cref="LatencyP50"/>).</summary>
    public static Metric LatencyP999 { get; } = new("lat_p999_ns", "ns", false, 50, true, true,
        "99.9th percentile latency.", "HdrHistogram of sampled ops");

    /// <summary>Largest latency. Noise 1 µs: one sample, at the mercy of a single preemption or page fault.</summary>
    public static Metric LatencyMax { get; } = new("lat_max_ns", "ns", false, 1000, true, true,
        "largest sampled latency.", "HdrHistogram of sampled ops");

    /// <summary>Jain's fairness index (1 is fair). Noise 0.01 of the index.</summary>
    public static Metric Fairness { get; } = new("fairness", "0..1", true, 0.01, false, true,
        "Jain's index over per-thread op counts: 1 = every thread did the same, 1/threads = one thread did all.", "workload");

    /// <summary>User CPU seconds of the process.</summary>
    public static Metric CpuUserS { get; } = new("cpu_user_s", "s", false, null, false, true,
        "user CPU time of the whole child process during the iteration (includes the runtime's own threads).", "getrusage(RUSAGE_SELF)");

    /// <summary>System CPU seconds of the process.</summary>
    public static Metric CpuSysS { get; } = new("cpu_sys_s", "s", false, null, false, true,
        "kernel CPU time of the child during the iteration.", "getrusage(RUSAGE_SELF)");

    /// <summary>Voluntary context switches.</summary>
    public static Metric CtxVoluntary { get; } = new("ctx_voluntary", "count", false, null, true, true,
        "voluntary context switches of the child during the iteration (blocking).", "getrusage ru_nvcsw");

    /// <summary>Involuntary context switches.</summary>
    public static Metric CtxInvoluntary { get; } = new("ctx_involuntary", "count", false, null, true, true,
        "involuntary context switches (preemption).", "getrusage ru_nivcsw");

    /// <summary>Garbage collections.</summary>
    public static Metric GcCount { get; } = new("gc_count", "count", false, null, true, true,
        "garbage collections, all generations, during the iteration.", "GC.CollectionCount(0)");

    /// <summary>Managed bytes allocated.</summary>
    public static Metric AllocBytes { get; } = new("alloc_bytes", "bytes", false, null, true, true,
        "managed bytes allocated during the iteration.", "GC.GetTotalAllocatedBytes(precise)");

    /// <summary>Peak resident set size.</summary>
    public static Metric PeakRssBytes { get; } = new("peak_rss_bytes", "bytes", false, null, true, true,
        "peak resident set size of the child (reset before the iteration where the kernel allows).", "VmHWM of /proc/self/status");

    /// <summary>LWKT thread switches.</summary>
    public static Metric Switches { get; } = RuntimeCounter("switches", "Switches", required: true,
        "LWKT thread switches (`lwkt` only; empty elsewhere).");

    /// <summary>LWKT token collisions.</summary>
    public static Metric TokenCollisions { get; } = RuntimeCounter("token_collisions", "TokenCollisions", required: true,
        "LWKT token acquisitions that found the token held by another thread.");

    /// <summary>LWKT IPIs.</summary>
    public static Metric Ipis { get; } = RuntimeCounter("ipis", "IpisSent", required: true,
        "LWKT inter-CPU messages sent.");

    /// <summary>LWKT migrations.</summary>
    public static Metric Migrations { get; } = RuntimeCounter("migrations", "Migrations", required: true,
        "LWKT threads moved between virtual CPUs.");

    /// <summary>CPU nanoseconds per operation. Noise 1 ns: CPU time comes from rusage, coarser than the wall clock.</summary>
    public static Metric CpuNsPerOp { get; } = new("cpu_ns_per_op", "ns", false, 1, false, true,
        "`(cpu_user_s + cpu_sys_s) × 1e9 / ops`: CPU cost per op (spinning shows up here).", "getrusage, workload");

    /// <summary>Largest over smallest per-thread op count (1 is fair). Noise 0.05.</summary>
    public static Metric FairnessMaxMin { get; } = new("fairness_max_min", "ratio", false, 0.05, false, true,
        "largest per-thread op count / smallest (1 = fair); empty when a thread completed none.", "workload");

    /// <summary>futex waits.</summary>
    public static Metric FutexWaits { get; } = RuntimeCounter("futex_waits", "FutexWaits", required: true,
        "`futex(FUTEX_WAIT)` calls (`os-futex`; `lwkt` idle waits if counted).");

    /// <summary>futex wakes.</summary>
    public static Metric FutexWakes { get; } = RuntimeCounter("futex_wakes", "FutexWakes", required: true,
        "`futex(FUTEX_WAKE)` calls.");

    /// <summary>Validation failures counted.</summary>
    public static Metric Violations { get; } = new("violations", "count", false, null, true, true,
        "invariant violations the workload's own validation found (0 when `ok`).", "workload validation");

    /// <summary>Memory per workload thread (the <c>spawn</c> workload). Noise 64 bytes: allocator granularity.</summary>
    public static Metric BytesPerThread { get; } = new("bytes_per_thread", "bytes", false, 64, false, false,
        "memory per workload thread (`spawn park=1`: RSS growth / threads parked); empty elsewhere.", "VmRSS growth");

    /// <summary>Methods the JIT compiled (any tier) while the iteration ran: 0 once the process is steady.</summary>
    public static Metric JitMethods { get; } = new("jit_methods", "count", false, null, true, false,
        "methods the JIT compiled (any tier, any thread, background tier-ups included) from the start barrier to the last thread's end; 0 at steady state.",
        "System.Runtime.JitInfo.GetCompiledMethodCount");

    /// <summary>Time the JIT spent compiling while the iteration ran.</summary>
    public static Metric JitMs { get; } = new("jit_ms", "ms", false, null, false, false,
        "time the JIT spent compiling during the same window.", "System.Runtime.JitInfo.GetCompilationTime");

    /// <summary>Observed placement: the share of sampled op pairs whose two sides ran on different CPUs.</summary>
    public static Metric CrossCpuShare { get; } = new("cross_cpu_share", "0..1", false, null, false, false,
        "share of sampled round trips whose two sides ran on different CPUs (workloads with `placement`; ≥ 0.95 expected for `cross`, ≤ 0.05 for `same`); empty elsewhere.",
        "sched_getcpu on both sides");

    /// <summary>The share of the cell's CPUs that other work took while the iteration ran.</summary>
    public static Metric ForeignCpuShare { get; } = new("foreign_cpu_share", "0..1", false, null, false, false,
        "share of the capacity of the CPUs the cell was pinned to (wall time × CPUs) that went to anything but the cell's own process during the iteration: other processes, kernel threads, the hypervisor (steal); less one 10 ms tick per CPU of reading error. Above 0.10 the iteration is `disturbed` (see `phase`).",
        "/proc/stat per-CPU busy + steal, minus getrusage(RUSAGE_SELF)");

    /// <summary>How fast the machine ran a fixed calibration on the cell's CPUs around the iteration (<see cref="MachineSpeed"/>).</summary>
    public static Metric MachineNsPerStep { get; } = new("machine_ns_per_step", "ns", false, null, false, false,
        "nanoseconds per step of a fixed calibration chain (multiply-add + L1 load), fastest of 4 chunks of 65 536 steps on each of the cell's CPUs, just before and just after the iteration, averaged: the same code every time, so a change is the machine (the host giving the virtual CPU less of a core), not the cell. `detail` has `machine_ns=before>after`. A cell whose iteration swing follows it is flagged (`machine_swing` in summary.csv).",
        "calibration loop, Stopwatch");

    /// <summary>What a round trip of one cache line between the cell's first two CPUs cost around the iteration (<see cref="MachineTransfer"/>).</summary>
    public static Metric MachineTransferNs { get; } = new("machine_transfer_ns", "ns", false, null, false, false,
        "nanoseconds per round trip of one cache line between the cell's first two CPUs (two pinned threads spinning on it, the floor probe's loop): median of 16 bursts of 32 round trips, just before and just after the iteration, averaged; empty for a cell on one CPU, or when neither probe finished half its bursts in 5 ms (its partner CPU held by other work). The host sets it (≈ 67, 110–150 or 400–500 ns on the development VM, changing between launches), not the cell. `detail` has `transfer_ns=before>after`. A cell whose iteration swing follows it is flagged (`machine_transfer_swing` in summary.csv).",
        "pinned ping-pong of one line, Stopwatch");

    /// <summary>Every metric, in <c>results.csv</c> order (new metrics are appended).</summary>
    public static IReadOnlyList<Metric> All { get; } =
    [
        DurationS, Ops, OpsPerSecond, NsPerOp, LatencyP50, LatencyP90, LatencyP99, LatencyP999, LatencyMax, Fairness,
        CpuUserS, CpuSysS, CtxVoluntary, CtxInvoluntary, GcCount, AllocBytes, PeakRssBytes, Switches, TokenCollisions,
        Ipis, Migrations, CpuNsPerOp, FairnessMaxMin, FutexWaits, FutexWakes, Violations, BytesPerThread,
        JitMethods, JitMs, CrossCpuShare, ForeignCpuShare, MachineNsPerStep, MachineTransferNs,
    ];

    /// <summary>The metrics whose median <c>summary.csv</c> carries (<c>&lt;name&gt;_median</c>), in its column order.</summary>
    public static IReadOnlyList<Metric> Summarized { get; } = [NsPerOp, LatencyP99, CpuNsPerOp, Fairness, JitMethods, CrossCpuShare, ForeignCpuShare, MachineNsPerStep, MachineTransferNs];

    /// <summary>Every metric <c>compare</c> accepts, the default first.</summary>
    public static IReadOnlyList<Metric> Compared { get; } = [.. All.Where(m => m.Comparable).OrderBy(m => m != OpsPerSecond)];

    /// <summary>The latency percentile metrics, in percentile order (the report's latency charts).</summary>
    public static IReadOnlyList<Metric> LatencyPercentiles { get; } =
        [LatencyP50, LatencyP90, LatencyP99, LatencyP999, LatencyMax];

    /// <summary>The metrics over runtime counters (<see cref="Counter"/> set), in <see cref="All"/> order.</summary>
    public static IReadOnlyList<Metric> Counters { get; } = [.. All.Where(m => m.Counter is not null)];

    /// <summary>Finds a metric <c>compare</c> accepts by its column name (exact, case-insensitive).</summary>
    public static Metric? Find(string name) =>
        Compared.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds any metric by its column name (exact).</summary>
    public static Metric? ByName(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>
    /// A count a runtime keeps (<paramref name="counter"/>, see <see cref="Counter"/>), reported as its difference
    /// across the iteration; a whole number, not comparable (no noise floor).
    /// </summary>
    private static Metric RuntimeCounter(string name, string counter, bool required, string legend) =>
        new(name, "count", false, null, true, required, legend, $"runtime counter `{counter}`", counter);
}
