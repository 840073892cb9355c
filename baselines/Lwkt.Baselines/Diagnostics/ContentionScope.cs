namespace Lwkt.Baselines.Diagnostics;

/// <summary>
/// The contention events around one contended acquisition: <see cref="Begin"/> emits <c>Contention/Start</c> while a
/// session listens (<see cref="BaselineEventSource.ContentionOn"/>), and <see cref="Dispose"/> emits the matching
/// <c>Contention/Stop</c> with the duration. While nobody listens the scope is empty: one static flag read, and
/// disposing does nothing. Caller: a lock's <c>[NoInlining]</c> contended path, on the acquiring thread, around the
/// whole wait (spinning included), with <c>using</c>.
/// </summary>
internal readonly struct ContentionScope : IDisposable
{
    private readonly object? _lockObject;
    private readonly string _lockKind;
    private readonly ContentionMode _mode;
    private readonly long _start;

    private ContentionScope(object lockObject, string lockKind, ContentionMode mode)
    {
        _lockObject = lockObject;
        _lockKind = lockKind;
        _mode = mode;
        _start = BaselineEventSource.Log.OnContentionBegin(lockObject, lockKind, mode);
    }

    /// <summary>Starts the events of a contended acquisition of <paramref name="lockObject"/>, if a session listens.</summary>
    public static ContentionScope Begin(object lockObject, string lockKind, ContentionMode mode) =>
        BaselineEventSource.ContentionOn ? new(lockObject, lockKind, mode) : default;

    /// <summary>The thread holds the lock: emits the stop event of a scope that emitted a start.</summary>
    public void Dispose()
    {
        if (_lockObject is not null)
        {
            BaselineEventSource.Log.OnContentionEnd(_lockObject, _lockKind, _mode, _start);
        }
    }
}
