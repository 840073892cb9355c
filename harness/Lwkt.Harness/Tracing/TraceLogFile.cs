using Lwkt.Harness.Cli;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// TraceEvent's <see cref="TraceLog"/> of a <c>.nettrace</c>: the index that resolves the sampled stacks' addresses to
/// methods (from the trace's own rundown, so no symbol server is needed). Built in a temporary <c>.etlx</c> that is
/// deleted on <see cref="Dispose"/>; a truncated trace (a killed child) is read as far as it goes, as
/// <c>dotnet-trace convert</c> does.
/// </summary>
internal sealed class TraceLogFile : IDisposable
{
    private readonly string _etlx;

    private TraceLogFile(string etlx, TraceLog log)
    {
        _etlx = etlx;
        Log = log;
    }

    /// <summary>The opened log.</summary>
    public TraceLog Log { get; }

    /// <summary>Builds and opens the log of <paramref name="tracePath"/>.</summary>
    /// <exception cref="UsageException">Missing or not a readable trace.</exception>
    public static TraceLogFile Open(string tracePath)
    {
        TraceReader.CheckExists(tracePath);
        string etlx = Path.Combine(Path.GetTempPath(), $"lwkt-bench-{Environment.ProcessId}-{Guid.NewGuid():N}.etlx");
        try
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

            return new TraceLogFile(etlx, new TraceLog(etlx));
        }
        catch (Exception ex) when (TraceReader.IsCorruption(ex))
        {
            File.Delete(etlx);
            throw new UsageException($"{tracePath}: not a readable .nettrace file ({TraceReader.OneLine(ex)})", ex);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Log.Dispose();
        File.Delete(_etlx);
    }
}
