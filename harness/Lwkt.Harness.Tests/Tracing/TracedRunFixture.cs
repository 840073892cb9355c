namespace Lwkt.Harness.Tests.Tracing;

/// <summary>
/// One real traced run shared by the tracing tests: <c>counter</c> on <c>lwkt</c>, <c>os-monitor</c> and
/// <c>os-futex</c> with <c>--trace full</c>, real children, real EventPipe sessions, real files. The critical section
/// is long (20 µs) and there are more threads than cores, so the monitor and futex locks really make threads wait.
/// </summary>
public sealed class TracedRunFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public TracedRunFixture()
    {
        Cores = Math.Min(2, Environment.ProcessorCount);
        var options = new RunOptions
        {
            Workloads = ["counter"],
            Runtimes = ["lwkt", "os-monitor", "os-futex"],
            Cores = new CoreSelection([Cores], All: false, Sweep: false),
            Threads = [new ThreadCount(4, PerCore: false)],
            Params = [new ParameterSweep("cs_ns", ["20000"]), new ParameterSweep("think_ns", ["2000"])],
            Duration = TimeSpan.FromMilliseconds(100),
            Warmup = 0,
            WarmupMax = 0,
            Iterations = 1,
            Trace = TraceProfile.Full,
            Out = _folder.Sub("run"),
        };
        RunPlan plan = TestRuns.Plan(options);
        Result = new BenchmarkRunner(plan, options, HostLocator.FindHostDll(), EventPipeCellHook.For(TraceProfile.Full), ["test"])
            .RunAsync(new PlainProgress(TextWriter.Null), CancellationToken.None).GetAwaiter().GetResult();
        Rows = ResultsFile.Read(Path.Combine(Result.Folder, ResultsFile.FileName));
    }

    /// <summary>The cells' core count (the virtual CPUs of the lwkt cell).</summary>
    public int Cores { get; }

    public RunResult Result { get; }

    public IReadOnlyList<ResultRow> Rows { get; }

    /// <summary>A scratch path inside the test folder.</summary>
    public string Scratch(string name) => _folder.Sub(name);

    /// <summary>The absolute trace path of <paramref name="runtime"/>'s cell.</summary>
    public string TraceOf(string runtime)
    {
        ResultRow row = Rows.First(r => r.Runtime == runtime);
        Assert.False(string.IsNullOrEmpty(row.TraceFile), $"{runtime}: no trace_file (error: {row.Error})");
        return Path.Combine(Result.Folder, row.TraceFile!);
    }

    public void Dispose() => _folder.Dispose();
}
