namespace Lwkt.Baselines.Monitors;

/// <summary>
/// A reusable one-shot completion on <see cref="Monitor"/> (the reply flag of an os-monitor or os-lock call):
/// a flag set under the monitor with <see cref="Monitor.Pulse"/>, waited for with <see cref="Monitor.Wait(object)"/>.
/// </summary>
public sealed class MonitorCompletion : ICompletion
{
    private readonly object _gate = new();
    private bool _done;

    /// <inheritdoc/>
    /// <remarks>No monitor needed: the replier cannot see this round until the request is published after it.</remarks>
    public void Reset() => Volatile.Write(ref _done, false);

    /// <inheritdoc/>
    public void Set()
    {
        lock (_gate)
        {
            _done = true;
            Monitor.Pulse(_gate);
        }
    }

    /// <inheritdoc/>
    public void Wait()
    {
        lock (_gate)
        {
            while (!_done)
            {
                Monitor.Wait(_gate);
            }
        }
    }
}
