using Lwkt.Harness.Cli;
using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Stacks;
using Microsoft.Diagnostics.Tracing.Stacks.Formats;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// Converts the sample profiler's stacks of a <c>.nettrace</c> into a speedscope profile (<c>trace convert --format
/// speedscope</c>), as <c>dotnet-trace convert</c> does (docs/architecture.md, .NET platform facts): TraceLog, thread-time stacks, the
/// speedscope writer. Method names come from the trace's rundown, so no symbol server is needed.
/// </summary>
public static class SpeedscopeExport
{
    /// <summary>Converts <paramref name="tracePath"/> into <paramref name="outputPath"/>; returns the number of samples.</summary>
    /// <exception cref="UsageException">The trace is missing, unreadable, or holds no CPU samples.</exception>
    public static int Convert(string tracePath, string outputPath)
    {
        TraceReader.CheckExists(tracePath);
        string etlx = Path.Combine(Path.GetTempPath(), $"lwkt-bench-{Environment.ProcessId}-{Guid.NewGuid():N}.etlx");
        try
        {
            CreateLog(tracePath, etlx);
            using var log = new TraceLog(etlx);
            using var symbols = new SymbolReader(TextWriter.Null) { SymbolPath = "" };
            var stacks = new MutableTraceEventStackSource(log) { OnlyManagedCodeStacks = true };
            new SampleProfilerThreadTimeComputer(log, symbols).GenerateThreadTimeStacks(stacks);
            if (stacks.SampleIndexLimit == 0)
            {
                throw new UsageException($"{tracePath}: no CPU samples in this trace (record it with run --trace cpu or --trace full)");
            }

            SpeedScopeStackSourceWriter.WriteStackViewAsJson(stacks, outputPath);
            return stacks.SampleIndexLimit;
        }
        catch (Exception ex) when (TraceReader.IsCorruption(ex))
        {
            throw new UsageException($"{tracePath}: not a readable .nettrace file ({TraceReader.OneLine(ex)})", ex);
        }
        finally
        {
            File.Delete(etlx);
        }
    }

    /// <summary>Builds the TraceLog index; a truncated trace (a killed child) is read as far as it goes, as dotnet-trace does.</summary>
    private static void CreateLog(string tracePath, string etlx)
    {
        try
        {
            TraceLog.CreateFromEventPipeDataFile(tracePath, etlx, new TraceLogOptions { ContinueOnError = false });
        }
        catch (Exception ex) when (ex.Message.Contains("Read past end of stream.", StringComparison.Ordinal))
        {
            File.Delete(etlx);
            TraceLog.CreateFromEventPipeDataFile(tracePath, etlx, new TraceLogOptions { ContinueOnError = true });
        }
    }
}
