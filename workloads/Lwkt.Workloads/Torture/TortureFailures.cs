using System.Collections.Concurrent;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// Every failed check of a run (locktorture's n_lock_fail and friends): counted, the first ones kept and printed at
/// once. Any thread may report; a report asks the run to stop when <see cref="TortureOptions.StopOnFailure"/> is set.
/// </summary>
internal sealed class TortureFailures(Action<string> print)
{
    /// <summary>How many failure messages are kept and printed; the rest are only counted.</summary>
    public const int Kept = 20;

    private readonly ConcurrentQueue<string> _messages = new();
    private int _count;

    /// <summary>Failures so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The first <see cref="Kept"/> messages.</summary>
    public IReadOnlyList<string> Messages => [.. _messages];

    /// <summary>Records a failure of <paramref name="group"/>'s checks (or of the run as a whole when null).</summary>
    public void Report(StatGroup? group, string message)
    {
        group?.AddFail();
        if (Interlocked.Increment(ref _count) <= Kept)
        {
            _messages.Enqueue(message);
            print(message);
        }
    }
}
