using System.Globalization;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Harness.Results;

/// <summary>
/// The columns of <c>results.csv</c>, in file order: the run and machine, the cell's key, the metrics of
/// <see cref="Metric.All"/> that belong to the first schema, status, the comparability columns, then every column
/// added since (optional when reading, so older files still load) — steady-state facts and the newer metrics,
/// appended in <see cref="Metric.All"/> order. The same list generates the schema table of <c>results/README.md</c>.
/// </summary>
public static class ResultColumns
{
    /// <summary>Every column, in file order.</summary>
    public static IReadOnlyList<CsvColumn<ResultRow>> All { get; } = Build();

    private static List<CsvColumn<ResultRow>> Build()
    {
        var c = new List<CsvColumn<ResultRow>>
        {
            Text("run_id", "text", "the run's id: UTC start `yyyyMMdd-HHmmss` and a random suffix; the run folder's name. A resumed run keeps its id.", r => r.RunId, (r, v) => r.RunId = v ?? ""),
            new("timestamp_utc", "ISO 8601 UTC", "when the row was made (the iteration's end as seen by the harness).", false,
                r => r.TimestampUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                (r, v) => r.TimestampUtc = ParseTimestamp(v)),
            Text("git_sha", "text", "the commit measured; `-dirty` when tracked files had changes.", r => r.GitSha, (r, v) => r.GitSha = v ?? ""),
            Text("host", "text", "the machine's host name.", r => r.Host, (r, v) => r.Host = v ?? ""),
            Text("os", "text", "operating system (`PRETTY_NAME` of `/etc/os-release`).", r => r.Os, (r, v) => r.Os = v ?? ""),
            Text("arch", "text", "process architecture (`X64`, `Arm64`).", r => r.Arch, (r, v) => r.Arch = v ?? ""),
            Text("cpu_model", "text", "CPU model name (`/proc/cpuinfo`).", r => r.CpuModel, (r, v) => r.CpuModel = v ?? ""),
            CsvColumn<ResultRow>.Int("logical_cpus", "count", "online logical CPUs of the machine.", r => r.LogicalCpus, (r, v) => r.LogicalCpus = v),
            Text("dotnet_version", "text", ".NET runtime version of the child that ran the cell.", r => r.DotnetVersion, (r, v) => r.DotnetVersion = v ?? ""),
            Text("workload", "key", "workload name (`lwkt-bench list`; a contract, [docs/architecture.md](../docs/architecture.md)).", r => r.Workload, (r, v) => r.Workload = v ?? ""),
            Text("runtime", "key", "`lwkt`, `os-monitor`, `os-futex`, `os-lock`, `os-spin`, `tpl-async`.", r => r.Runtime, (r, v) => r.Runtime = v ?? ""),
            CsvColumn<ResultRow>.Int("cores", "key, count", "CPUs the child was pinned to (affinity set before it started) and `DOTNET_PROCESSOR_COUNT`; for `lwkt` also its virtual CPUs.", r => r.Cores, (r, v) => r.Cores = v),
            CsvColumn<ResultRow>.Int("threads", "key, count", "workload threads (LWKT threads, OS threads or tasks); each workload says how it maps them (pairs, stages, waiters).", r => r.Threads, (r, v) => r.Threads = v),
            Text("params", "key", "every workload parameter, defaults included, sorted by name: `cs_ns=100;think_ns=100`; empty for a workload without parameters.", r => r.Params, (r, v) => r.Params = v ?? ""),
            CsvColumn<ResultRow>.Int("iteration", "number", "iteration, 1-based within its `phase`. On a failure row: the measured iteration it failed in (0 = before any).", r => r.Iteration, (r, v) => r.Iteration = v),
        };
        c.AddRange(Metric.All.Where(m => m.Required).Select(m => CsvColumn<ResultRow>.Of(m, r => r.Metrics)));
        c.AddRange(
        [
            Text("status", "enum", "`ok`; `invalid` (the workload's validation failed: **the numbers are not results**); `crashed` (the child exited early, non-zero, or broke the protocol); `timeout` (killed at `--timeout`); `unsupported` (the workload cannot mean anything on this runtime/machine, e.g. `placement=same|cross` on a runtime that cannot place threads).", r => r.Status, (r, v) => r.Status = v ?? ""),
            Text("error", "text", "why the status is not `ok`: validation message, the child's error and stderr tail, the timeout, the unsupported reason; also `trace: …` when a trace session failed (numbers kept). Empty when ok.", r => r.Error, (r, v) => r.Error = v),
            Text("trace_file", "path", "the cell's trace relative to the run folder (`traces/<cell>.nettrace`); empty without `--trace`.", r => r.TraceFile, (r, v) => r.TraceFile = v),
            CsvColumn<ResultRow>.Bool("smt", "bool", "comparability: SMT (hyper-threading) active on the machine.", r => r.Smt, (r, v) => r.Smt = v),
            CsvColumn<ResultRow>.Bool("is_vm", "bool", "comparability: the machine runs under a hypervisor.", r => r.IsVm, (r, v) => r.IsVm = v),
            Text("cpuset", "CPU list", "comparability: the CPUs this cell's child was pinned to (`0-1`, `taskset -c` syntax); one hardware thread per physical core is used before any SMT sibling.", r => r.Cpuset, (r, v) => r.Cpuset = v, optional: true),
            Text("kernel", "text", "comparability: kernel release (`uname -r`).", r => r.Kernel, (r, v) => r.Kernel = v, optional: true),
            Text("gc_mode", "text", "comparability: the child's GC (`workstation`/`server`, `-concurrent` when background GC is on).", r => r.GcMode, (r, v) => r.GcMode = v, optional: true),
            CsvColumn<ResultRow>.Bool("tiered_compilation", "bool", "comparability: tiered JIT on in the child.", r => r.TieredCompilation, (r, v) => r.TieredCompilation = v),

            // Placed here by the first schema, before the profile and detail columns; every later metric is appended.
            CsvColumn<ResultRow>.Of(Metric.BytesPerThread, r => r.Metrics),
            Text("trace", "enum", "comparability: the `--trace` profile the cell ran under (`off`, `runtime`, `lwkt`, `cpu`, `full`): a traced cell is slower. With `--trace-window` the traced iterations follow an `@`: `full@5` (iteration 5 only), `full@4-5`; the other iterations of the cell ran untraced.", r => r.Trace, (r, v) => r.Trace = v, optional: true),
            Text("detail", "`k=v;k=v`", "workload-specific figures no fixed column holds (threads actually run, latency samples, achieved sleep…).", r => r.Detail, (r, v) => r.Detail = v, optional: true),
            Text("phase", "enum", "`warmup`, `measure` or `disturbed`. Warm-up iterations are kept so the tier-up curve can be audited; `disturbed` rows are measured iterations that other work on the cell's CPUs disturbed (`foreign_cpu_share` above 0.10) and another iteration replaced. Statistics use `measure` rows only. Empty (older files) = `measure`.", r => r.Phase, (r, v) => r.Phase = v ?? ResultRow.PhaseMeasure, optional: true),
            CsvColumn<ResultRow>.Bool("steady", "bool", "whether the cell reached steady state before this row (the JIT compiled nothing for two warm-up iterations and throughput stopped rising); `false` on warm-up rows and on every row of a cell whose warm-up hit its cap. Statistics use steady rows only.", r => r.Steady, (r, v) => r.Steady = v),
            Text("jit_config", "text", "comparability: the child's JIT settings, `TieredCompilation=1;TieredPGO=1;TC_CallCountingDelayMs=0` (the harness sets the delay to 0 unless its own environment sets it).", r => r.JitConfig, (r, v) => r.JitConfig = v, optional: true),
        ]);
        c.AddRange(Metric.All.Where(m => !m.Required && m != Metric.BytesPerThread).Select(m => CsvColumn<ResultRow>.Of(m, r => r.Metrics)));
        return c;
    }

    private static CsvColumn<ResultRow> Text(string name, string unit, string legend, Func<ResultRow, string?> get, Action<ResultRow, string?> set, bool optional = false) =>
        CsvColumn<ResultRow>.Text(name, unit, legend, get, set, optional);

    private static DateTime ParseTimestamp(string field) =>
        DateTime.TryParse(field, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime t)
            ? t
            : throw new FormatException($"column timestamp_utc: '{field}' is not an ISO 8601 time");
}
