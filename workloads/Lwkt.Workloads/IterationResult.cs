namespace Lwkt.Workloads;

/// <summary>
/// The measured figures of one iteration of a cell: one row of <c>results.csv</c>. Process figures (CPU time,
/// context switches, GC, allocation) are differences taken around the iteration and so include the runtime's
/// own background threads; nullable figures are <see langword="null"/> where the workload or runtime has none.
/// </summary>
public sealed class IterationResult
{
    /// <summary>The status value of a run whose validation passed.</summary>
    public const string StatusOk = "ok";

    /// <summary>The status value of a run whose own validation failed: its numbers must not be used.</summary>
    public const string StatusInvalid = "invalid";

    /// <summary>The status value of a cell that cannot run (or mean anything) on this runtime or machine.</summary>
    public const string StatusUnsupported = "unsupported";

    /// <summary><c>ok</c>, <c>invalid</c> or <c>unsupported</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why the run is invalid or unsupported; <see langword="null"/> when <c>ok</c>.</summary>
    public string? Error { get; init; }

    /// <summary>Operations completed by the counted threads (the workload's description says what one op is).</summary>
    public long Ops { get; init; }

    /// <summary>Seconds from the barrier start to the last thread leaving its loop.</summary>
    public double DurationSeconds { get; init; }

    /// <summary><see cref="Ops"/> / <see cref="DurationSeconds"/>, over all threads.</summary>
    public double OpsPerSecond { get; init; }

    /// <summary>Duration in ns / <see cref="Ops"/> (wall time per op, not per thread).</summary>
    public double NsPerOp { get; init; }

    /// <summary>Median sampled op latency in ns; <see langword="null"/> when the workload records none.</summary>
    public double? LatP50Ns { get; init; }

    /// <summary>90th percentile sampled op latency in ns.</summary>
    public double? LatP90Ns { get; init; }

    /// <summary>99th percentile sampled op latency in ns.</summary>
    public double? LatP99Ns { get; init; }

    /// <summary>99.9th percentile sampled op latency in ns.</summary>
    public double? LatP999Ns { get; init; }

    /// <summary>Largest sampled op latency in ns.</summary>
    public double? LatMaxNs { get; init; }

    /// <summary>Jain's fairness index over the counted threads' op counts: 1 = equal, 1/n = one thread did all.</summary>
    public double Fairness { get; init; }

    /// <summary>Largest over smallest per-thread op count; infinity when a counted thread completed none.</summary>
    public double FairnessMaxMin { get; init; }

    /// <summary>User CPU seconds of the whole process during the iteration (getrusage).</summary>
    public double CpuUserSeconds { get; init; }

    /// <summary>System CPU seconds of the whole process during the iteration (getrusage).</summary>
    public double CpuSysSeconds { get; init; }

    /// <summary>Voluntary context switches of the process during the iteration (getrusage ru_nvcsw).</summary>
    public long CtxVoluntary { get; init; }

    /// <summary>Involuntary context switches of the process during the iteration (getrusage ru_nivcsw).</summary>
    public long CtxInvoluntary { get; init; }

    /// <summary>Garbage collections (all generations) during the iteration.</summary>
    public long GcCount { get; init; }

    /// <summary>Bytes allocated on the GC heap during the iteration (GC.GetTotalAllocatedBytes(true) delta).</summary>
    public long AllocBytes { get; init; }

    /// <summary>Peak resident set size (VmHWM), reset before the iteration where the kernel allows it.</summary>
    public long PeakRssBytes { get; init; }

    /// <summary>LWKT thread switches; <see langword="null"/> for runtimes without the counter.</summary>
    public long? Switches { get; init; }

    /// <summary>LWKT token collisions (a token found held by another thread).</summary>
    public long? TokenCollisions { get; init; }

    /// <summary>Inter-CPU messages (IPIs) sent by the LWKT runtime.</summary>
    public long? Ipis { get; init; }

    /// <summary>LWKT threads moved between virtual CPUs.</summary>
    public long? Migrations { get; init; }

    /// <summary>futex(2) FUTEX_WAIT calls.</summary>
    public long? FutexWaits { get; init; }

    /// <summary>futex(2) FUTEX_WAKE calls.</summary>
    public long? FutexWakes { get; init; }

    /// <summary>Validation failures the workload counted (exclusion, lost updates, delivery order); 0 when valid.</summary>
    public long Violations { get; init; }

    /// <summary>(user + system CPU time in ns) / <see cref="Ops"/>.</summary>
    public double CpuNsPerOp { get; init; }

    /// <summary>Memory per thread for <c>spawn</c> with <c>park=1</c> (RSS growth / threads parked); else null.</summary>
    public double? BytesPerThread { get; init; }

    /// <summary>Workload-specific figures as <c>k=v;k=v</c> (threads actually run, achieved sleep, ...).</summary>
    public string? Detail { get; init; }
}
