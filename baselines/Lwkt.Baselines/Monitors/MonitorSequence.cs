namespace Lwkt.Baselines.Monitors;

/// <summary>
/// Wait/wake on a sequence number with <see cref="Monitor.Wait(object)"/> / <see cref="Monitor.PulseAll"/>. The
/// sequence changes only under the monitor, and a waiter re-checks it under the monitor before each wait, so
/// no wakeup is lost. A waiter whose value is already stale returns without taking the monitor.
/// </summary>
public sealed class MonitorSequence : ISequenceEvent
{
    private readonly object _gate = new();
    private long _sequence;

    /// <inheritdoc/>
    public long Sequence => Volatile.Read(ref _sequence);

    /// <inheritdoc/>
    public void Wait(long seen)
    {
        if (Volatile.Read(ref _sequence) != seen)
        {
            return;
        }

        lock (_gate)
        {
            while (_sequence == seen)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    /// <inheritdoc/>
    public void WakeAll()
    {
        lock (_gate)
        {
            Volatile.Write(ref _sequence, _sequence + 1);
            Monitor.PulseAll(_gate);
        }
    }
}
