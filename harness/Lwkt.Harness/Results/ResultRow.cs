using Lwkt.Workloads.Measurement;

namespace Lwkt.Harness.Results;

/// <summary>
/// One row of <c>results.csv</c>: one iteration of one cell (warm-up or measured, <see cref="Phase"/>), or one row
/// saying why a cell has no measurement (<c>unsupported</c>, <c>crashed</c>, <c>timeout</c>). The metrics live in
/// <see cref="Metrics"/>, one slot per <see cref="Metric"/>; the column layout is <see cref="ResultColumns"/>, which
/// also generates the schema table of <c>results/README.md</c>.
/// </summary>
/// <remarks>
/// Invariants: the key columns <see cref="Workload"/>, <see cref="Runtime"/>, <see cref="Cores"/>,
/// <see cref="Threads"/> and <see cref="Params"/> never change meaning. A metric that was not measured is
/// <see langword="null"/> and written as an empty field, never as 0. Files are invariant culture, LF line ends.
/// </remarks>
public sealed class ResultRow
{
    /// <summary>The <see cref="Phase"/> of a warm-up iteration (not in statistics).</summary>
    public const string PhaseWarmup = "warmup";

    /// <summary>The <see cref="Phase"/> of a measured iteration (files without the column hold only these).</summary>
    public const string PhaseMeasure = "measure";

    /// <summary>
    /// The <see cref="Phase"/> of a measured iteration that other work on the cell's CPUs disturbed and another
    /// replaced (<see cref="Lwkt.Workloads.Measurement.Disturbance"/>; not in statistics).
    /// </summary>
    public const string PhaseDisturbed = "disturbed";

    /// <summary>The run's id (UTC start time plus a random suffix), the folder name under <c>results/runs/</c>.</summary>
    public string RunId { get; set; } = "";

    /// <summary>When the iteration (or the failed cell) ended, UTC.</summary>
    public DateTime TimestampUtc { get; set; }

    /// <summary>The git commit of the working tree that was measured (with <c>-dirty</c> when it had changes).</summary>
    public string GitSha { get; set; } = "";

    /// <summary>The machine's host name.</summary>
    public string Host { get; set; } = "";

    /// <summary>The operating system description.</summary>
    public string Os { get; set; } = "";

    /// <summary>The process architecture (<c>X64</c>, <c>Arm64</c>).</summary>
    public string Arch { get; set; } = "";

    /// <summary>The CPU model name.</summary>
    public string CpuModel { get; set; } = "";

    /// <summary>Online logical CPUs of the machine (the CPUs the child may use are in <see cref="Cpuset"/>).</summary>
    public int LogicalCpus { get; set; }

    /// <summary>The .NET runtime version the child ran on.</summary>
    public string DotnetVersion { get; set; } = "";

    /// <summary>Key: the workload's name.</summary>
    public string Workload { get; set; } = "";

    /// <summary>Key: the runtime's name.</summary>
    public string Runtime { get; set; } = "";

    /// <summary>Key: CPUs the child was restricted to (affinity and <c>DOTNET_PROCESSOR_COUNT</c>).</summary>
    public int Cores { get; set; }

    /// <summary>Key: workload threads (LWKT threads, OS threads or tasks).</summary>
    public int Threads { get; set; }

    /// <summary>Key: every workload parameter in canonical form (<c>k=v;k=v</c>, sorted, defaults included).</summary>
    public string Params { get; set; } = "";

    /// <summary>The iteration, 1-based within its phase; for a failed cell the measured iteration it failed in (0: before any).</summary>
    public int Iteration { get; set; }

    /// <summary>The measured figures, one slot per <see cref="Metric"/>.</summary>
    public MetricValues Metrics { get; set; } = new();

    /// <summary><c>ok</c>, <c>invalid</c>, <c>crashed</c>, <c>timeout</c> or <c>unsupported</c> (<see cref="RowStatus"/>).</summary>
    public string Status { get; set; } = RowStatus.Ok;

    /// <summary>Why the status is not <c>ok</c>; null when ok.</summary>
    public string? Error { get; set; }

    /// <summary>Path of the cell's trace relative to the run folder; null without tracing.</summary>
    public string? TraceFile { get; set; }

    /// <summary>Comparability: whether the CPU runs more than one hardware thread per core.</summary>
    public bool? Smt { get; set; }

    /// <summary>Comparability: whether the machine is a virtual machine.</summary>
    public bool? IsVm { get; set; }

    /// <summary>Comparability: the CPU list the child was pinned to (<c>taskset -c</c> syntax).</summary>
    public string? Cpuset { get; set; }

    /// <summary>Comparability: the kernel release.</summary>
    public string? Kernel { get; set; }

    /// <summary>Comparability: the child's GC mode.</summary>
    public string? GcMode { get; set; }

    /// <summary>Comparability: whether tiered compilation was on in the child.</summary>
    public bool? TieredCompilation { get; set; }

    /// <summary>Comparability: the trace profile the cell ran under.</summary>
    public string? Trace { get; set; }

    /// <summary>Workload-specific figures as <c>k=v;k=v</c>.</summary>
    public string? Detail { get; set; }

    /// <summary><see cref="PhaseWarmup"/>, <see cref="PhaseMeasure"/> or <see cref="PhaseDisturbed"/>.</summary>
    public string Phase { get; set; } = PhaseMeasure;

    /// <summary>Whether the cell had reached steady state before this iteration; null in files older than the column.</summary>
    public bool? Steady { get; set; }

    /// <summary>Comparability: the child's JIT settings (<c>TieredCompilation=1;TieredPGO=1;TC_CallCountingDelayMs=0</c>).</summary>
    public string? JitConfig { get; set; }

    /// <summary>The value of <paramref name="metric"/>; null when not measured.</summary>
    public double? this[Metric metric]
    {
        get => Metrics[metric];
        set => Metrics[metric] = value;
    }

    /// <summary>Whether the row is a measured iteration (or a failure row), not a warm-up or a replaced, disturbed one.</summary>
    public bool IsMeasured => Phase is not (PhaseWarmup or PhaseDisturbed);

    /// <summary>
    /// Whether the row may enter statistics: an <c>ok</c>, measured iteration of a cell that reached steady state
    /// (files older than the <c>steady</c> column count as steady: they cannot say).
    /// </summary>
    public bool IsResult => Status == RowStatus.Ok && IsMeasured && Steady != false;
}
