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

    /// <summary>
    /// The rows of one launch of a cell that ran (or tried to). With several launches (<see cref="RunPlan.Launches"/>)
    /// each launch's measured iterations are numbered after the previous launches' (launch 2 of 5 iterations starts at
    /// 6), so a cell's measured rows keep distinct numbers, and <c>detail</c> says <c>launch=K</c>.
    /// </summary>
    public IReadOnlyList<ResultRow> From(PlannedCell cell, ChildOutcome outcome, int launch, RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(plan);
        int offset = (launch - 1) * plan.Iterations;
        string? launchDetail = plan.Launches > 1 ? $"launch={launch}" : null;
        var rows = new List<ResultRow>();
        foreach (IterationMessage iteration in outcome.Iterations)
        {
            ResultRow row = Base(cell, outcome.Ready);
            Fill(row, iteration);
            row.Iteration = iteration.Index + (iteration.Phase == IterationMessage.Warmup ? 0 : offset);
            row.TraceFile = outcome.TraceFile;
            row.Error = Join(row.Error, outcome.HookError);
            row.Detail = JoinDetail(row.Detail, launchDetail);
            rows.Add(row);
        }

        if (outcome.FailureStatus is { } status)
        {
            ResultRow row = Base(cell, outcome.Ready);
            row.Iteration = offset + (outcome.Iterations.LastOrDefault(i => i.IsMeasured) is { } last ? last.Index + 1 : 0);
            row.Status = status;
            row.Error = Join(outcome.FailureError, outcome.HookError);
            row.TraceFile = outcome.TraceFile;
            row.Detail = launchDetail;
            rows.Add(row);
        }
        else if (!outcome.Iterations.Any(i => i.IsMeasured))
        {
            // DONE without a measured iteration breaks the request (iterations >= 1): never lose the cell silently.
            ResultRow row = Base(cell, outcome.Ready);
            row.Status = RowStatus.Crashed;
            row.Error = "child finished without reporting a measured iteration";
            row.Detail = launchDetail;
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

    /// <summary>Appends <paramref name="entry"/> (<c>k=v</c>) to a <c>detail</c> list.</summary>
    private static string? JoinDetail(string? detail, string? entry) =>
        string.IsNullOrEmpty(detail) ? entry : string.IsNullOrEmpty(entry) ? detail : detail + ";" + entry;
}
