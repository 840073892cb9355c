using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using HdrHistogram;
using Lwkt.Baselines.Native;
using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads;

/// <summary>
/// Runs the iterations of one cell inside the child process: checks the cell (throwing
/// <see cref="ArgumentException"/> for bad names and values), creates the runtime once, and measures each
/// iteration — the workload's threads start together at a barrier, run for the cell's duration, and the
/// workload validates its own result before any figure is reported as good.
/// </summary>
public sealed class CellRunner : IDisposable
{
    private readonly WorkloadDefinition _definition;
    private readonly WorkloadSettings _settings;
    private readonly WorkloadRuntime? _runtime;
    private readonly string? _unsupported;
    private readonly bool _timeBased;
    private readonly int[] _cpus = ThreadAffinity.IsSupported ? ThreadAffinity.AllowedCpus() : [];

    /// <summary>Checks the cell and creates its runtime.</summary>
    /// <exception cref="ArgumentException">Unknown workload, runtime or parameter; a malformed or out-of-range value.</exception>
    public CellRunner(CellSpec spec)
        : this(spec, null)
    {
    }

    /// <summary>Runs the cell on a given runtime instance (tests: a deliberately broken runtime); the runner disposes it.</summary>
    internal CellRunner(CellSpec spec, WorkloadRuntime? runtime)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!WorkloadCatalog.TryGet(spec.Workload, out WorkloadDefinition? definition))
        {
            throw new ArgumentException(
                $"unknown workload '{spec.Workload}' (workloads: {string.Join(", ", WorkloadCatalog.All.Select(w => w.Name))})");
        }

        string runtimeName = RuntimeCatalog.Canonical(spec.Runtime);
        if (spec.Cores < 1)
        {
            throw new ArgumentException($"cores must be at least 1, not {spec.Cores}");
        }

        if (spec.Threads < 1)
        {
            throw new ArgumentException($"threads must be at least 1, not {spec.Threads}");
        }

        if (spec.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"duration must be positive, not {spec.Duration}");
        }

        _definition = definition;
        _settings = new WorkloadSettings(spec, definition.Bind(spec.Parameters ?? new Dictionary<string, string>()));

        // A first instance checks combinations the single parameters cannot (it throws ArgumentException).
        Workload probe = definition.Create(_settings);
        _timeBased = probe.IsTimeBased;
        _unsupported = definition.UnsupportedReason(runtimeName) ?? probe.CellUnsupportedReason
            ?? (probe.CpuOf is not null && !RuntimeCatalog.Places(runtimeName)
                ? $"{runtimeName} cannot place threads on CPUs, and this cell asks for placement ({_settings.Canonical}): it would run unplaced under that name"
                : null);
        if (_unsupported is not null)
        {
            runtime?.Dispose();
            return;
        }

        // Calibrate the CPU-work loop now, not inside the first measured iteration.
        _ = CpuWork.IterationsPerNs;
        try
        {
            _runtime = TestSlowdown.Apply(runtime ?? RuntimeCatalog.Create(runtimeName, spec.Cores, spec.PinWorkers), definition.Name, runtimeName);
        }
        catch (NotSupportedException e)
        {
            _unsupported = e.Message;
        }
    }

    /// <summary>Why the cell cannot run (or mean anything) on its runtime; null when it can.</summary>
    public string? UnsupportedReason => _unsupported;

    /// <summary>Every parameter of the workload with defaults filled in, sorted by name: <c>k=v;k=v</c>.</summary>
    public string CanonicalParameters => _settings.Canonical;

    /// <summary>The runtime's scheduler state (<see cref="WorkloadRuntime.DescribeState"/>); any thread may ask, at any time.</summary>
    public string? DescribeRuntimeState() => _runtime?.DescribeState();

    /// <summary>
    /// Runs one iteration of the cell's duration (warm-up or measured: the caller decides) and returns its figures.
    /// An exception thrown by a workload thread (a runtime failure) propagates after all threads have ended.
    /// </summary>
    public IterationResult RunIteration(int iteration) => RunIteration(iteration, _settings.Spec.Duration);

    /// <summary>Runs one iteration lasting <paramref name="duration"/> (warm-up iterations are shorter).</summary>
    /// <remarks>
    /// Fully optimized from its first call and never re-compiled (<c>AggressiveOptimization</c>), as are the other
    /// methods of the timing loop: harness code called once per iteration must not keep the JIT busy.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IterationResult RunIteration(int iteration, TimeSpan duration)
    {
        if (_runtime is TestSlowdown { NeedsCalibration: true } slowdown)
        {
            slowdown.Calibrate(() => RunIteration(iteration, duration));
        }

        return Measure(iteration, duration);
    }

    /// <summary>
    /// Runs the JIT stage (<see cref="JitStage"/>) before warm-up: unreported iterations of the whole per-iteration
    /// path, each result handed to <paramref name="report"/> (the caller's reporting path, run as for a real
    /// iteration but written nowhere), without the test slowdown's calibration (which must see steady-state code).
    /// Skipped for an unsupported cell and for a count-based one (<see cref="Workload.IsTimeBased"/>), whose
    /// iterations are long whatever their duration.
    /// </summary>
    public JitStageOutcome RunJitStage(Action<IterationResult> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return _runtime is null || !_timeBased
            ? JitStageOutcome.Skipped
            : JitStage.Run((iteration, duration) => report(Measure(-iteration, duration)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private IterationResult Measure(int iteration, TimeSpan duration)
    {
        if (_runtime is null)
        {
            return new IterationResult { Status = IterationResult.StatusUnsupported, Error = _unsupported };
        }

        Workload workload = _definition.Create(_settings);
        using var context = new IterationContext(_runtime, _settings, workload, iteration, duration);
        workload.Attach(context);

        // Allocated before the process figures are read: reading into them allocates nothing inside that window.
        var countersBefore = new RuntimeCounters();
        var countersAfter = new RuntimeCounters();

        // The machine's speed on the cell's CPUs just before and just after the run, outside every measured window.
        double speedBefore = MachineSpeed.Probe(_cpus);
        double? transferBefore = MachineTransfer.Probe(_cpus);
        ProcessStats.ResetPeakRss();
        ProcessStats before = ProcessStats.Read();
        countersBefore.ReadFrom(_runtime);
        JitActivity jitBefore = JitActivity.Read();
        CpuInterference machineBefore = CpuInterference.Read(_cpus);
        long windowStart = Stopwatch.GetTimestamp();
        context.Execute();
        double windowSeconds = Stopwatch.GetElapsedTime(windowStart).TotalSeconds;
        CpuInterference machine = CpuInterference.Read(_cpus) - machineBefore;
        JitActivity jit = JitActivity.Read() - jitBefore;
        countersAfter.ReadFrom(_runtime);
        ProcessStats used = ProcessStats.Read() - before;
        double foreign = machine.ForeignShare(used.UserSeconds + used.SysSeconds, windowSeconds, _cpus.Length);
        long peakRss = ProcessStats.PeakRssBytes();
        double speedAfter = MachineSpeed.Probe(_cpus);
        double? transferAfter = MachineTransfer.Probe(_cpus);

        workload.Validate();
        return Summarise(workload, context, used, countersBefore, countersAfter, jit, peakRss, foreign, (speedBefore, speedAfter), (transferBefore, transferAfter));
    }

    /// <summary>Disposes the runtime (stops its workers).</summary>
    public void Dispose() => _runtime?.Dispose();

    private IterationResult Summarise(Workload workload, IterationContext context, ProcessStats used, RuntimeCounters countersBefore, RuntimeCounters countersAfter, JitActivity jit, long peakRss, double foreign, (double Before, double After) machine, (double? Before, double? After) transfer)
    {
        long[] perThread = context.CountedOps();
        long ops = perThread.Sum();
        double seconds = context.ElapsedSeconds();
        double cpuNs = (used.UserSeconds + used.SysSeconds) * 1e9;
        HistogramBase? latency = context.MergedLatency();

        var detail = new List<string> { $"threads_run={workload.ThreadCount}" };
        if (latency is not null)
        {
            detail.Add($"latency_samples={latency.TotalCount}");
        }

        workload.AddDetail(detail);
        _runtime?.AddDetail(detail);
        detail.Add($"machine_ns={Format(machine.Before)}>{Format(machine.After)}");
        if (_cpus.Length >= 2)
        {
            // Empty on a side whose probe had no figure (its partner CPU held past the deadline).
            detail.Add($"transfer_ns={Format(transfer.Before)}>{Format(transfer.After)}");
        }
        if (_runtime is TestSlowdown slowdown)
        {
            detail.Add($"test_slowdown={Format(slowdown.Factor)}");
        }

        string status = IterationResult.StatusOk;
        string? error = null;
        if (context.Violations > 0)
        {
            status = IterationResult.StatusInvalid;
            error = $"{context.FirstViolation} ({context.Violations} violation{(context.Violations == 1 ? "" : "s")})";
        }
        else if (ops == 0)
        {
            status = IterationResult.StatusInvalid;
            error = "no operation completed within the duration (the counted threads were starved, or the duration is too short)";
        }

        var values = new MetricValues
        {
            [Metric.DurationS] = seconds,
            [Metric.Ops] = ops,
            [Metric.OpsPerSecond] = seconds > 0 ? ops / seconds : 0,
            [Metric.NsPerOp] = ops > 0 ? seconds * 1e9 / ops : 0,
            [Metric.LatencyP50] = latency?.GetValueAtPercentile(50),
            [Metric.LatencyP90] = latency?.GetValueAtPercentile(90),
            [Metric.LatencyP99] = latency?.GetValueAtPercentile(99),
            [Metric.LatencyP999] = latency?.GetValueAtPercentile(99.9),
            [Metric.LatencyMax] = latency?.GetMaxValue(),
            [Metric.Fairness] = Fairness.Jain(perThread),
            [Metric.FairnessMaxMin] = Fairness.MaxOverMin(perThread),
            [Metric.CpuUserS] = used.UserSeconds,
            [Metric.CpuSysS] = used.SysSeconds,
            [Metric.CtxVoluntary] = used.Voluntary,
            [Metric.CtxInvoluntary] = used.Involuntary,
            [Metric.GcCount] = used.GcCount,
            [Metric.AllocBytes] = used.AllocatedBytes,
            [Metric.PeakRssBytes] = peakRss,
            [Metric.Violations] = context.Violations,
            [Metric.CpuNsPerOp] = ops > 0 ? cpuNs / ops : 0,
            [Metric.BytesPerThread] = workload.BytesPerThread,
            [Metric.JitMethods] = jit.Methods,
            [Metric.JitMs] = jit.Milliseconds,
            [Metric.CrossCpuShare] = workload.CrossCpuShare,
            [Metric.ForeignCpuShare] = _cpus.Length > 0 ? foreign : null,
            [Metric.MachineNsPerStep] = (machine.Before + machine.After) / 2,
            [Metric.MachineTransferNs] = transfer is { Before: { } b, After: { } a } ? (b + a) / 2 : transfer.Before ?? transfer.After,
        };
        countersAfter.SetDifferences(countersBefore, values);
        return new IterationResult { Status = status, Error = error, Values = values, Detail = string.Join(';', detail) };
    }

    /// <summary>Formats a figure for the detail column.</summary>
    internal static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Formats a figure that may be missing (empty) for the detail column.</summary>
    internal static string Format(double? value) => value is { } v ? Format(v) : "";
}
