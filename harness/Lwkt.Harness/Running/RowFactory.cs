using Lwkt.Harness.Machine;
using Lwkt.Harness.Results;
using Lwkt.Workloads.Host.Protocol;

namespace Lwkt.Harness.Running;

/// <summary>
/// Turns a cell's outcome into <c>results.csv</c> rows: one per measured iteration, plus one row for a failure
/// (numbered after the last iteration reported), or a single <c>unsupported</c> row for a cell that never ran.
/// Machine columns come from <see cref="MachineInfo"/>, process columns from the child's READY facts.
/// </summary>
internal sealed class RowFactory
{
    private readonly string _runId;
    private readonly MachineInfo _machine;
    private readonly string _trace;

    /// <summary>Creates a factory for one run; the <c>trace</c> column names the profile and, if any, the window (<c>full@5</c>).</summary>
    public RowFactory(string runId, MachineInfo machine, TraceProfile trace, Tracing.TraceWindow window)
    {
        _runId = runId;
        _machine = machine;
        _trace = window.Column(trace.ToString().ToLowerInvariant());
    }

    /// <summary>The single row of a cell the workload declares unsupported on its runtime.</summary>
    public ResultRow Unsupported(PlannedCell cell, string reason)
    {
        ResultRow row = Base(cell, ready: null);
        row.Status = RowStatus.Unsupported;
        row.Error = reason;
        return row;
    }

    /// <summary>The rows of a cell that ran (or tried to).</summary>
    public IReadOnlyList<ResultRow> From(PlannedCell cell, ChildOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var rows = new List<ResultRow>();
        foreach (IterationMessage iteration in outcome.Iterations)
        {
            ResultRow row = Base(cell, outcome.Ready);
            Fill(row, iteration);
            row.Iteration = iteration.Index;
            row.TraceFile = outcome.TraceFile;
            row.Error = Join(row.Error, outcome.HookError);
            rows.Add(row);
        }

        if (outcome.FailureStatus is { } status)
        {
            ResultRow row = Base(cell, outcome.Ready);
            row.Iteration = outcome.Iterations.Count == 0 ? 0 : outcome.Iterations[^1].Index + 1;
            row.Status = status;
            row.Error = Join(outcome.FailureError, outcome.HookError);
            row.TraceFile = outcome.TraceFile;
            rows.Add(row);
        }
        else if (rows.Count == 0)
        {
            // DONE without a measured iteration breaks the request (iterations >= 1): never lose the cell silently.
            ResultRow row = Base(cell, outcome.Ready);
            row.Status = RowStatus.Crashed;
            row.Error = "child finished without reporting a measured iteration";
            rows.Add(row);
        }

        return rows;
    }

    private ResultRow Base(PlannedCell cell, ReadyMessage? ready) => new()
    {
        RunId = _runId,
        TimestampUtc = DateTime.UtcNow,
        GitSha = _machine.GitSha,
        Host = _machine.Host,
        Os = _machine.Os,
        Arch = _machine.Arch,
        CpuModel = _machine.CpuModel,
        LogicalCpus = _machine.LogicalCpus,
        DotnetVersion = ready?.DotnetVersion is { Length: > 0 } v ? v : _machine.HarnessDotnetVersion,
        Workload = cell.Key.Workload,
        Runtime = cell.Key.Runtime,
        Cores = cell.Key.Cores,
        Threads = cell.Key.Threads,
        Params = cell.Key.Params,
        Status = RowStatus.Ok,
        Smt = _machine.Smt,
        IsVm = _machine.IsVm,
        Cpuset = CpuList.Format(cell.Cpus),
        Kernel = _machine.Kernel,
        GcMode = ready?.GcMode,
        TieredCompilation = ready?.TieredCompilation,
        Trace = _trace,
    };

    private static void Fill(ResultRow row, IterationMessage it)
    {
        row.Status = it.Status == RowStatus.Invalid ? RowStatus.Invalid : RowStatus.Ok;
        row.Error = it.Error;
        row.DurationS = it.DurationS;
        row.Ops = it.Ops;
        row.OpsPerS = Finite(it.OpsPerS);
        row.NsPerOp = Finite(it.NsPerOp);
        row.LatP50Ns = Nanoseconds(it.LatP50Ns);
        row.LatP90Ns = Nanoseconds(it.LatP90Ns);
        row.LatP99Ns = Nanoseconds(it.LatP99Ns);
        row.LatP999Ns = Nanoseconds(it.LatP999Ns);
        row.LatMaxNs = Nanoseconds(it.LatMaxNs);
        row.Fairness = Finite(it.Fairness);
        row.CpuUserS = it.CpuUserS;
        row.CpuSysS = it.CpuSysS;
        row.CtxVoluntary = it.CtxVoluntary;
        row.CtxInvoluntary = it.CtxInvoluntary;
        row.GcCount = it.GcCount;
        row.AllocBytes = it.AllocBytes;
        row.PeakRssBytes = it.PeakRssBytes;
        row.Switches = it.Switches;
        row.TokenCollisions = it.TokenCollisions;
        row.Ipis = it.Ipis;
        row.Migrations = it.Migrations;
        row.CpuNsPerOp = Finite(it.CpuNsPerOp);
        row.FairnessMaxMin = Finite(it.FairnessMaxMin);
        row.FutexWaits = it.FutexWaits;
        row.FutexWakes = it.FutexWakes;
        row.Violations = it.Violations;
        row.BytesPerThread = Finite(it.BytesPerThread);
        row.Detail = it.Detail;
    }

    /// <summary>Infinity and NaN (a thread that did nothing, zero ops) are "not measurable": written empty.</summary>
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static long? Nanoseconds(double? value) => Finite(value) is { } v ? (long)Math.Round(v) : null;

    private static string? Join(string? a, string? b) =>
        string.IsNullOrEmpty(a) ? b : string.IsNullOrEmpty(b) ? a : a + "; " + b;
}
