using CsvHelper;

namespace Lwkt.Harness.Results;

/// <summary>
/// One row of <c>results.csv</c>: one measured iteration of one cell, or one row saying why a cell has no
/// measurement (<c>unsupported</c>, <c>crashed</c>, <c>timeout</c>). The column order is the schema of docs/csv-schema.md
/// followed by the comparability columns; <c>results/README.md</c> documents every column and unit.
/// </summary>
/// <remarks>
/// Invariants: the key columns <see cref="Workload"/>, <see cref="Runtime"/>, <see cref="Cores"/>,
/// <see cref="Threads"/> and <see cref="Params"/> never change meaning. A metric that was not measured is
/// <see langword="null"/> and written as an empty field, never as 0. Files are invariant culture, LF line ends.
/// </remarks>
[CsvRecord]
public sealed partial class ResultRow
{
    /// <summary>The run's id (UTC start time plus a random suffix), the folder name under <c>results/runs/</c>.</summary>
    [CsvColumn("run_id")]
    public string RunId { get; set; } = "";

    /// <summary>When the iteration (or the failed cell) ended, UTC, ISO 8601.</summary>
    [CsvColumn("timestamp_utc")]
    public DateTime TimestampUtc { get; set; }

    /// <summary>The git commit of the working tree that was measured (with <c>-dirty</c> when it had changes).</summary>
    [CsvColumn("git_sha")]
    public string GitSha { get; set; } = "";

    /// <summary>The machine's host name.</summary>
    [CsvColumn("host")]
    public string Host { get; set; } = "";

    /// <summary>The operating system description.</summary>
    [CsvColumn("os")]
    public string Os { get; set; } = "";

    /// <summary>The process architecture (<c>X64</c>, <c>Arm64</c>).</summary>
    [CsvColumn("arch")]
    public string Arch { get; set; } = "";

    /// <summary>The CPU model name.</summary>
    [CsvColumn("cpu_model")]
    public string CpuModel { get; set; } = "";

    /// <summary>Online logical CPUs of the machine (the CPUs the child may use are in <see cref="Cpuset"/>).</summary>
    [CsvColumn("logical_cpus")]
    public int LogicalCpus { get; set; }

    /// <summary>The .NET runtime version the child ran on.</summary>
    [CsvColumn("dotnet_version")]
    public string DotnetVersion { get; set; } = "";

    /// <summary>Key: the workload's name (a contract: docs/architecture.md).</summary>
    [CsvColumn("workload")]
    public string Workload { get; set; } = "";

    /// <summary>Key: the runtime's name (a contract).</summary>
    [CsvColumn("runtime")]
    public string Runtime { get; set; } = "";

    /// <summary>Key: CPUs the child was restricted to (affinity and <c>DOTNET_PROCESSOR_COUNT</c>).</summary>
    [CsvColumn("cores")]
    public int Cores { get; set; }

    /// <summary>Key: workload threads (LWKT threads, OS threads or tasks).</summary>
    [CsvColumn("threads")]
    public int Threads { get; set; }

    /// <summary>Key: every workload parameter in canonical form (<c>k=v;k=v</c>, sorted, defaults included).</summary>
    [CsvColumn("params")]
    public string Params { get; set; } = "";

    /// <summary>The measured iteration, 1-based; for a failed cell the iteration it failed in (0: before any).</summary>
    [CsvColumn("iteration")]
    public int Iteration { get; set; }

    /// <summary>Measured wall time of the iteration, seconds.</summary>
    [CsvColumn("duration_s")]
    public double? DurationS { get; set; }

    /// <summary>Operations completed by all threads in the iteration.</summary>
    [CsvColumn("ops")]
    public long? Ops { get; set; }

    /// <summary><c>ops / duration_s</c>, over all threads.</summary>
    [CsvColumn("ops_per_s")]
    public double? OpsPerS { get; set; }

    /// <summary><c>duration_s * 1e9 / ops</c>: wall nanoseconds per operation.</summary>
    [CsvColumn("ns_per_op")]
    public double? NsPerOp { get; set; }

    /// <summary>Per-operation latency, 50th percentile, nanoseconds.</summary>
    [CsvColumn("lat_p50_ns")]
    public long? LatP50Ns { get; set; }

    /// <summary>Per-operation latency, 90th percentile, nanoseconds.</summary>
    [CsvColumn("lat_p90_ns")]
    public long? LatP90Ns { get; set; }

    /// <summary>Per-operation latency, 99th percentile, nanoseconds.</summary>
    [CsvColumn("lat_p99_ns")]
    public long? LatP99Ns { get; set; }

    /// <summary>Per-operation latency, 99.9th percentile, nanoseconds.</summary>
    [CsvColumn("lat_p999_ns")]
    public long? LatP999Ns { get; set; }

    /// <summary>Largest per-operation latency seen, nanoseconds.</summary>
    [CsvColumn("lat_max_ns")]
    public long? LatMaxNs { get; set; }

    /// <summary>Jain's fairness index over per-thread op counts: 1 is perfectly fair, 1/threads is one thread doing all.</summary>
    [CsvColumn("fairness")]
    public double? Fairness { get; set; }

    /// <summary>User-mode CPU time of the child during the iteration, seconds.</summary>
    [CsvColumn("cpu_user_s")]
    public double? CpuUserS { get; set; }

    /// <summary>Kernel-mode CPU time of the child during the iteration, seconds.</summary>
    [CsvColumn("cpu_sys_s")]
    public double? CpuSysS { get; set; }

    /// <summary>Voluntary context switches of the child during the iteration.</summary>
    [CsvColumn("ctx_voluntary")]
    public long? CtxVoluntary { get; set; }

    /// <summary>Involuntary context switches of the child during the iteration.</summary>
    [CsvColumn("ctx_involuntary")]
    public long? CtxInvoluntary { get; set; }

    /// <summary>Garbage collections (all generations) during the iteration.</summary>
    [CsvColumn("gc_count")]
    public long? GcCount { get; set; }

    /// <summary>Bytes allocated on the managed heap during the iteration.</summary>
    [CsvColumn("alloc_bytes")]
    public long? AllocBytes { get; set; }

    /// <summary>Peak resident set size of the child so far, bytes.</summary>
    [CsvColumn("peak_rss_bytes")]
    public long? PeakRssBytes { get; set; }

    /// <summary>Runtime-level thread switches (LWKT); empty on runtimes without the counter.</summary>
    [CsvColumn("switches")]
    public long? Switches { get; set; }

    /// <summary>Token acquisitions that found the token held (LWKT).</summary>
    [CsvColumn("token_collisions")]
    public long? TokenCollisions { get; set; }

    /// <summary>Inter-CPU messages sent (LWKT IPIs).</summary>
    [CsvColumn("ipis")]
    public long? Ipis { get; set; }

    /// <summary>Threads moved between (virtual) CPUs.</summary>
    [CsvColumn("migrations")]
    public long? Migrations { get; set; }

    /// <summary><c>(cpu_user_s + cpu_sys_s) * 1e9 / ops</c>: CPU nanoseconds per operation.</summary>
    [CsvColumn("cpu_ns_per_op")]
    public double? CpuNsPerOp { get; set; }

    /// <summary>Largest per-thread op count divided by the smallest (1 is fair; empty when a thread did none).</summary>
    [CsvColumn("fairness_max_min")]
    public double? FairnessMaxMin { get; set; }

    /// <summary><c>futex(FUTEX_WAIT)</c> calls (os-futex and lwkt idle).</summary>
    [CsvColumn("futex_waits")]
    public long? FutexWaits { get; set; }

    /// <summary><c>futex(FUTEX_WAKE)</c> calls.</summary>
    [CsvColumn("futex_wakes")]
    public long? FutexWakes { get; set; }

    /// <summary>Invariant violations the workload's validation found (0 when valid).</summary>
    [CsvColumn("violations")]
    public long? Violations { get; set; }

    /// <summary><c>ok</c>, <c>invalid</c>, <c>crashed</c>, <c>timeout</c> or <c>unsupported</c> (<see cref="RowStatus"/>).</summary>
    [CsvColumn("status")]
    public string Status { get; set; } = RowStatus.Ok;

    /// <summary>Why the status is not <c>ok</c> (validation message, stderr tail, unsupported reason); empty when ok.</summary>
    [CsvColumn("error")]
    [CsvNullValues("")]
    public string? Error { get; set; }

    /// <summary>Path of the cell's trace relative to the run folder (<c>traces/&lt;cell&gt;.nettrace</c>); empty without tracing.</summary>
    [CsvColumn("trace_file")]
    [CsvNullValues("")]
    public string? TraceFile { get; set; }

    /// <summary>Comparability: whether the CPU runs more than one hardware thread per core (SMT/hyper-threading).</summary>
    [CsvColumn("smt", Optional = true)]
    public bool? Smt { get; set; }

    /// <summary>Comparability: whether the machine is a virtual machine (hypervisor flag).</summary>
    [CsvColumn("is_vm", Optional = true)]
    public bool? IsVm { get; set; }

    /// <summary>Comparability: the CPU list the child was pinned to (<c>taskset -c</c> syntax, e.g. <c>0-1</c>).</summary>
    [CsvColumn("cpuset", Optional = true)]
    [CsvNullValues("")]
    public string? Cpuset { get; set; }

    /// <summary>Comparability: the kernel release (<c>uname -r</c>).</summary>
    [CsvColumn("kernel", Optional = true)]
    [CsvNullValues("")]
    public string? Kernel { get; set; }

    /// <summary>Comparability: the child's GC mode (<c>workstation</c>/<c>server</c>, <c>-concurrent</c> suffix).</summary>
    [CsvColumn("gc_mode", Optional = true)]
    [CsvNullValues("")]
    public string? GcMode { get; set; }

    /// <summary>Comparability: whether tiered compilation was on in the child.</summary>
    [CsvColumn("tiered_compilation", Optional = true)]
    public bool? TieredCompilation { get; set; }

    /// <summary>Memory per workload thread (peak RSS growth / threads), bytes; the <c>spawn</c> workload's metric.</summary>
    [CsvColumn("bytes_per_thread", Optional = true)]
    public double? BytesPerThread { get; set; }

    /// <summary>
    /// Comparability: the trace profile the cell ran under (<c>off</c>, <c>runtime</c>, <c>lwkt</c>, <c>cpu</c>,
    /// <c>full</c>). Added beyond DESIGN's list because a traced cell runs slower, and compare must not mix them.
    /// </summary>
    [CsvColumn("trace", Optional = true)]
    [CsvNullValues("")]
    public string? Trace { get; set; }

    /// <summary>
    /// Workload-specific figures as <c>k=v;k=v</c> (achieved sleep, threads actually run, …). Added beyond DESIGN's
    /// list because some workloads have a figure no fixed column holds (the <c>sleep</c> workload's accuracy).
    /// </summary>
    [CsvColumn("detail", Optional = true)]
    [CsvNullValues("")]
    public string? Detail { get; set; }
}
