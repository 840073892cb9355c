namespace Lwkt.Harness.Tests.Tracing;

/// <summary>
/// Real runs for the trace diff tests: the same <c>counter</c> cell on <c>lwkt</c> traced (<c>--trace full
/// --trace-window last</c>) once as it is and once with the test-only slowdown <c>LWKT_TEST_SLOWDOWN=counter:1.5</c>
/// (every exclusive release spends half an op of extra CPU work in <c>TestSlowdown.Stall</c>), plus one cell traced
/// with <c>--trace runtime</c>, which records no samples. Real children, real EventPipe sessions started and stopped on
/// iteration boundaries; one warm-up and one measured iteration of 0.4 s, the measured one traced.
/// </summary>
public sealed class TraceDiffFixture : IDisposable
{
    /// <summary>The factor of the planted slowdown.</summary>
    public const string Slowdown = "counter:1.5";

    /// <summary>The child's variable (workloads/Lwkt.Workloads/TestSlowdown.cs).</summary>
    private const string TestSlowdownVariable = "LWKT_TEST_SLOWDOWN";

    /// <summary>Both sides: tier up without the 100 ms call-counting delay, so the warm-up reaches steady-state code.</summary>
    private static readonly Dictionary<string, string> s_steady = new() { ["DOTNET_TC_CallCountingDelayMs"] = "0" };

    private readonly TempFolder _folder = new();

    public TraceDiffFixture()
    {
        BaseTrace = Run("base", TraceProfile.Full, "last", null);
        NewTrace = Run("new", TraceProfile.Full, "last", Slowdown);
        NoSamplesTrace = Run("runtime", TraceProfile.Runtime, null, null);
        HogTraces = RunHogs();
    }

    /// <summary>
    /// The traces of a busy loop, by runtime (<c>lwkt</c>, <c>os-monitor</c>): <c>hog</c> with two ping-pong pairs and
    /// a CPU-bound hog per core, which loop over <c>CpuWork.Spin</c> and never wait.
    /// </summary>
    public IReadOnlyDictionary<string, string> HogTraces { get; }

    /// <summary>The trace without the slowdown.</summary>
    public string BaseTrace { get; }

    /// <summary>The trace with the slowdown.</summary>
    public string NewTrace { get; }

    /// <summary>A trace of the same cell with no samples (<c>--trace runtime</c>).</summary>
    public string NoSamplesTrace { get; }

    /// <summary>A scratch path inside the test folder.</summary>
    public string Scratch(string name) => _folder.Sub(name);

    /// <summary>The rows of the run named <paramref name="name"/>.</summary>
    public IReadOnlyList<ResultRow> Rows(string name) => [.. ResultsFile.Read(Path.Combine(_folder.Sub(name), ResultsFile.FileName)).Where(r => r.IsMeasured)];

    public void Dispose() => _folder.Dispose();

    private string Run(string name, TraceProfile profile, string? window, string? slowdown) =>
        Run(name, "counter", ["lwkt"], profile, window, slowdown).Single().Value;

    private Dictionary<string, string> RunHogs() => Run("hog", "hog", ["lwkt", "os-monitor"], TraceProfile.Full, "last", null);

    /// <summary>Runs <paramref name="workload"/> on <paramref name="runtimes"/> traced; the trace of each runtime.</summary>
    private Dictionary<string, string> Run(string name, string workload, string[] runtimes, TraceProfile profile, string? window, string? slowdown)
    {
        var options = new RunOptions
        {
            Workloads = [workload],
            Runtimes = runtimes,
            Cores = new CoreSelection([Math.Min(2, Environment.ProcessorCount)], All: false, Sweep: false),
            Threads = [new ThreadCount(4, PerCore: false)],
            Duration = TimeSpan.FromMilliseconds(400),
            Warmup = 1,
            Iterations = 1,
            Trace = profile,
            TraceWindow = window,
            Out = _folder.Sub(name),
            ChildEnvironment = slowdown is null ? s_steady : new Dictionary<string, string>(s_steady) { [TestSlowdownVariable] = slowdown },
        };
        RunResult result = new BenchmarkRunner(TestRuns.Plan(options), options, HostLocator.FindHostDll(), EventPipeCellHook.For(profile), ["test"])
            .RunAsync(new PlainProgress(TextWriter.Null), CancellationToken.None).GetAwaiter().GetResult();
        var traces = new Dictionary<string, string>();
        foreach (ResultRow row in ResultsFile.Read(Path.Combine(result.Folder, ResultsFile.FileName)))
        {
            Assert.True(row.Status == RowStatus.Ok && !string.IsNullOrEmpty(row.TraceFile), $"{name} {row.Runtime}: {row.Status} {row.Error}");
            traces[row.Runtime] = Path.Combine(result.Folder, row.TraceFile!);
        }

        return traces;
    }
}
