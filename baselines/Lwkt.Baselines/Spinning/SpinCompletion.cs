namespace Lwkt.Baselines.Spinning;

/// <summary>
/// A reusable one-shot completion that the waiter polls (the reply flag of an os-spin call): a padded flag,
/// <see cref="SpinBackoff"/> while it is clear.
/// </summary>
public sealed class SpinCompletion : ICompletion
{
    private Padded<int> _done;

    /// <inheritdoc/>
    public void Reset() => Volatile.Write(ref _done.Value, 0);

    /// <inheritdoc/>
    public void Set() => Volatile.Write(ref _done.Value, 1);

    /// <inheritdoc/>
    public void Wait()
    {
        var backoff = default(SpinBackoff);
        while (Volatile.Read(ref _done.Value) == 0)
        {
            backoff.Pause();
        }
    }
}
