using System.Runtime.ExceptionServices;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The first exception any of a group of threads threw (first in time: the first to record wins), kept
/// with its stack trace to rethrow on the joining thread after all have ended.
/// </summary>
internal sealed class FirstFailure
{
    private ExceptionDispatchInfo? _first;

    /// <summary>Records <paramref name="exception"/> unless another was recorded first. Any thread.</summary>
    public void Record(Exception exception)
        => Interlocked.CompareExchange(ref _first, ExceptionDispatchInfo.Capture(exception), null);

    /// <summary>Rethrows the recorded exception, if any, with its original stack trace.</summary>
    public void ThrowIfAny() => Volatile.Read(ref _first)?.Throw();
}
