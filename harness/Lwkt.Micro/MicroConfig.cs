using System.Diagnostics.Tracing;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Lwkt.Runtime.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace Lwkt.Micro;

/// <summary>
/// The one configuration of the micro-benchmark suite. Everything BenchmarkDotNet's default configuration has
/// (console logger, the usual columns, analysers, validators), with these exporters and diagnosers instead of its
/// defaults; the command line (<c>--job</c>, <c>-e</c>, <c>-m</c>, <c>-p EP</c>, <c>--artifacts</c>...) adds to it.
/// </summary>
public static class MicroConfig
{
    /// <summary>
    /// The CI job (<c>--ci</c>): one launch, 2 warm-up and 5 measured iterations of 200 ms. Five iterations give a
    /// finite confidence interval (Error) at a few seconds per benchmark; the whole suite runs in minutes on 2 cores.
    /// </summary>
    public static readonly Job CiJob = Job.ShortRun
        .WithWarmupCount(2)
        .WithIterationCount(5)
        .WithIterationTime(TimeInterval.FromMilliseconds(200))
        .WithId("ci");

    /// <summary>How long the build of BenchmarkDotNet's generated project may take.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A machine-readable CSV (<c>results/&lt;Type&gt;-report.csv</c>): comma-separated, invariant culture, times in
    /// nanoseconds and sizes in bytes with the unit in the header (<c>Mean [ns]</c>, <c>Allocated [B]</c>) and bare
    /// numbers in the cells. BenchmarkDotNet formats cells as display strings with the culture's group separator
    /// (<c>"78,668.80"</c>); this culture is the invariant one with the group separator removed, so every cell parses
    /// as a number. Missing values stay <c>NA</c>.
    /// </summary>
    public static readonly CsvExporter InvariantCsv = new(
        CsvSeparator.Comma,
        new SummaryStyle(
            NumbersWithoutGrouping(),
            printUnitsInHeader: true,
            sizeUnit: SizeUnit.B,
            timeUnit: TimeUnit.Nanosecond,
            printUnitsInContent: false));

    /// <summary>Builds the configuration: <paramref name="ci"/> selects <see cref="CiJob"/>, <paramref name="trace"/>
    /// adds <see cref="TraceProfiler"/>.</summary>
    public static IConfig Create(bool ci, bool trace)
    {
        IConfig defaults = DefaultConfig.Instance;
        ManualConfig config = ManualConfig.CreateEmpty()
            .AddLogger([.. defaults.GetLoggers()])
            .AddColumnProvider([.. defaults.GetColumnProviders()])
            .AddAnalyser([.. defaults.GetAnalysers()])
            .AddValidator([.. defaults.GetValidators()])

            // Machine-readable results: the CSV above and the full JSON (every statistic and every measurement, the
            // input the dotnet/performance ResultsComparer reads: *-report-full.json); a GitHub table for people.
            .AddExporter(InvariantCsv, JsonExporter.Full, MarkdownExporter.GitHub)

            // Allocated bytes per operation (all threads) and GC counts: the primitives' fast paths must not allocate.
            .AddDiagnoser(MemoryDiagnoser.Default);
        config.ArtifactsPath = defaults.ArtifactsPath;
        config.Options = defaults.Options;

        // BenchmarkDotNet builds a generated project (the suite and its references, without the compiler server) before
        // it measures; its 2-minute default is too short on a busy 2-core machine (--buildTimeout may raise it further).
        config.BuildTimeout = BuildTimeout;

        if (ci)
        {
            // A default job is the base the command line modifies (BenchmarkDotNet's ConfigParser): --ci wins over --job.
            config.AddJob(CiJob.AsDefault());
        }

        if (trace)
        {
            config.AddDiagnoser(TraceProfiler());
        }

        return config;
    }

    /// <summary>
    /// The EventPipe profiler of <c>--trace</c>: CPU sampling plus every event of the <c>Lwkt-Runtime</c> provider,
    /// written as <c>&lt;Type&gt;.&lt;Method&gt;-&lt;time&gt;.nettrace</c> (and a speedscope file) at the artifacts root.
    /// The trace is taken in an extra run after the measured one, so tracing never changes the numbers. (BenchmarkDotNet's
    /// own <c>-p EP</c> also works: CPU sampling only, recorded during the measured run.)
    /// </summary>
    public static EventPipeProfiler TraceProfiler() => new(
        EventPipeProfile.CpuSampling,
        [new EventPipeProvider(LwktEventSource.ProviderName, EventLevel.Verbose, keywords: -1)],
        performExtraBenchmarksRun: true);

    private static CultureInfo NumbersWithoutGrouping()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberGroupSeparator = string.Empty;
        return culture;
    }
}
