using Lwkt.Harness.Cli;
using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Stacks;
using Microsoft.Diagnostics.Tracing.Stacks.Formats;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// Converts the sample profiler's stacks of a <c>.nettrace</c> into a speedscope profile (<c>trace convert --format
/// speedscope</c>), as <c>dotnet-trace convert</c> does (docs/architecture.md, .NET platform facts): TraceLog, thread-time
/// stacks, the speedscope writer. Method names come from the trace's rundown, so no symbol server is needed.
/// </summary>
public static class SpeedscopeExport
{
    /// <summary>Converts <paramref name="tracePath"/> into <paramref name="outputPath"/>; returns the number of samples.</summary>
    /// <exception cref="UsageException">The trace is missing, unreadable, or holds no CPU samples.</exception>
    public static int Convert(string tracePath, string outputPath)
    {
        using TraceLogFile file = TraceLogFile.Open(tracePath);
        try
        {
            using var symbols = new SymbolReader(TextWriter.Null) { SymbolPath = "" };
            var stacks = new MutableTraceEventStackSource(file.Log) { OnlyManagedCodeStacks = true };
            new SampleProfilerThreadTimeComputer(file.Log, symbols).GenerateThreadTimeStacks(stacks);
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
    }
}
