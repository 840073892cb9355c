using Lwkt.Harness.Cli;
using Microsoft.Diagnostics.Tracing;

namespace Lwkt.Harness.Tracing;

/// <summary>
/// Reads a <c>.nettrace</c> file once with TraceEvent's <see cref="EventPipeEventSource"/>, turning every way a file
/// can be unusable (missing, unreadable, not a trace, corrupt) into a one-line <see cref="UsageException"/> (exit 2).
/// </summary>
public static class TraceReader
{
    /// <summary>
    /// Opens <paramref name="path"/>, lets <paramref name="subscribe"/> attach its callbacks, and dispatches every
    /// event. Returns the number of events the session lost (its circular buffer overflowed).
    /// </summary>
    /// <exception cref="UsageException">The file is missing or is not a readable trace.</exception>
    public static int Read(string path, Action<EventPipeEventSource> subscribe)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(subscribe);
        CheckExists(path);
        try
        {
            using var source = new EventPipeEventSource(path);
            subscribe(source);
            source.Process();
            return source.EventsLost;
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            throw new UsageException($"{path}: not a readable .nettrace file ({OneLine(ex)})", ex);
        }
    }

    /// <summary>Throws the usage error for a missing file or a folder.</summary>
    /// <exception cref="UsageException">No such file.</exception>
    public static void CheckExists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new UsageException(Directory.Exists(path) ? $"{path}: is a folder, not a .nettrace file" : $"{path}: no such trace file");
        }
    }

    /// <summary>
    /// True for the exceptions TraceEvent throws on a file that is not a (complete) trace: its format checks throw
    /// plain <see cref="Exception"/>s and <see cref="InvalidOperationException"/>s as well as I/O and format errors, so
    /// anything but a programming error of ours counts.
    /// </summary>
    internal static bool IsCorruption(Exception ex) =>
        ex is not (OutOfMemoryException or ArgumentNullException or UsageException or OperationCanceledException);

    /// <summary>The message of <paramref name="ex"/>'s innermost cause, on one line.</summary>
    internal static string OneLine(Exception ex)
    {
        string message = ex.GetBaseException().Message;
        int newline = message.IndexOfAny(['\r', '\n']);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
