namespace Lwkt.Workloads.Host.Protocol;

/// <summary>The payload of <c>ITERATION</c>: the figures of one iteration (units as in <c>results/README.md</c>).</summary>
internal sealed record IterationMessage
{
    /// <summary>1-based index within its kind (warm-up iterations and measured iterations count separately).</summary>
    public int Index { get; init; }

    /// <summary>Whether this was a warm-up iteration (not written to results).</summary>
    public bool Warmup { get; init; }

    /// <summary><c>ok</c> or <c>invalid</c> (the workload's own validation).</summary>
    public string Status { get; init; } = "ok";

    /// <summary>Why the iteration is invalid.</summary>
    public string? Error { get; init; }

    /// <summary>Operations completed.</summary>
    public long Ops { get; init; }

    /// <summary>Measured seconds.</summary>
    public double DurationS { get; init; }

    /// <summary>Operations per second.</summary>
    public double OpsPerS { get; init; }

    /// <summary>Wall nanoseconds per operation.</summary>
    public double NsPerOp { get; init; }

    /// <summary>Latency percentiles and maximum, nanoseconds.</summary>
    public double? LatP50Ns { get; init; }

    /// <summary>90th percentile latency, ns.</summary>
    public double? LatP90Ns { get; init; }

    /// <summary>99th percentile latency, ns.</summary>
    public double? LatP99Ns { get; init; }

    /// <summary>99.9th percentile latency, ns.</summary>
    public double? LatP999Ns { get; init; }

    /// <summary>Largest latency, ns.</summary>
    public double? LatMaxNs { get; init; }

    /// <summary>Jain's fairness index.</summary>
    public double? Fairness { get; init; }

    /// <summary>Max/min per-thread ops; <see langword="null"/> when a thread completed none.</summary>
    public double? FairnessMaxMin { get; init; }

    /// <summary>User CPU seconds.</summary>
    public double? CpuUserS { get; init; }

    /// <summary>System CPU seconds.</summary>
    public double? CpuSysS { get; init; }

    /// <summary>CPU nanoseconds per operation.</summary>
    public double? CpuNsPerOp { get; init; }

    /// <summary>Voluntary context switches.</summary>
    public long? CtxVoluntary { get; init; }

    /// <summary>Involuntary context switches.</summary>
    public long? CtxInvoluntary { get; init; }

    /// <summary>Garbage collections.</summary>
    public long? GcCount { get; init; }

    /// <summary>Bytes allocated.</summary>
    public long? AllocBytes { get; init; }

    /// <summary>Peak RSS, bytes.</summary>
    public long? PeakRssBytes { get; init; }

    /// <summary>LWKT switches.</summary>
    public long? Switches { get; init; }

    /// <summary>Token collisions.</summary>
    public long? TokenCollisions { get; init; }

    /// <summary>IPIs sent.</summary>
    public long? Ipis { get; init; }

    /// <summary>Migrations.</summary>
    public long? Migrations { get; init; }

    /// <summary>futex waits.</summary>
    public long? FutexWaits { get; init; }

    /// <summary>futex wakes.</summary>
    public long? FutexWakes { get; init; }

    /// <summary>Validation failures counted.</summary>
    public long? Violations { get; init; }

    /// <summary>Memory per thread (spawn), bytes.</summary>
    public double? BytesPerThread { get; init; }

    /// <summary>Workload-specific figures, <c>k=v;k=v</c>.</summary>
    public string? Detail { get; init; }
}
