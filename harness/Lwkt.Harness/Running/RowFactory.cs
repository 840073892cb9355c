using Lwkt.Harness.Machine;
using Lwkt.Harness.Results;
using Lwkt.Workloads.Host.Protocol;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Harness.Running;

/// <summary>
/// Turns a cell's outcome into <c>results.csv</c> rows: one per iteration (warm-up ones first, marked by their
/// phase), plus one row for a failure (numbered after the last measured iteration reported), or a single
/// <c>unsupported</c> row for a cell that never ran.
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
            row.Iteration = outcome.Iterations.LastOrDefault(i => i.IsMeasured) is { } last ? last.Index + 1 : 0;
            row.Status = status;
            row.Error = Join(outcome.FailureError, outcome.HookError);
            row.TraceFile = outcome.TraceFile;
            rows.Add(row);
        }
        else if (!outcome.Iterations.Any(i => i.IsMeasured))
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
        JitConfig = ready?.JitConfig is { Length: > 0 } jit ? jit : null,
        Trace = _trace,
    };

    private static void Fill(ResultRow row, IterationMessage it)
    {
        row.Status = it.Status == RowStatus.Invalid ? RowStatus.Invalid : RowStatus.Ok;
        row.Error = it.Error;
        row.Phase = it.Phase;
        row.Steady = it.Steady;
        row.Metrics = MetricValues.FromWire(it.Metrics);
        row.Detail = it.Detail;
    }

    private static string? Join(string? a, string? b) =>
        string.IsNullOrEmpty(a) ? b : string.IsNullOrEmpty(b) ? a : a + "; " + b;
}
