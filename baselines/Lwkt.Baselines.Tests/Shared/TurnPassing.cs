namespace Lwkt.Testing;

/// <summary>
/// Two parties hand a turn back and forth through a sequence event, the lost-wakeup test every event family takes:
/// party <c>me</c> (0 or 1) reads the event's sequence, then checks whether the turn count has its parity, and only
/// if not waits with the sequence it read (so a wake between the check and the wait moves the sequence and the wait
/// returns at once); it takes the turn and wakes all. An event that loses a wakeup leaves both parties waiting, and
/// the caller's watchdog fails the test. Shared by the baseline primitives' tests and the runtime contract tests
/// (this file is compiled into both test projects).
/// </summary>
/// <param name="sequence">The event's sequence now.</param>
/// <param name="waitAsync">Waits while the sequence is still the value given (a blocking event returns a completed task).</param>
/// <param name="wakeAll">Moves the sequence and wakes every waiter.</param>
internal sealed class TurnPassing(Func<long> sequence, Func<long, ValueTask> waitAsync, Action wakeAll)
{
    private long _turns;

    /// <summary>Turns taken by both parties so far.</summary>
    public long Turns => Volatile.Read(ref _turns);

    /// <summary>Party <paramref name="me"/> takes <paramref name="rounds"/> turns, each after the other party's.</summary>
    public async ValueTask TakeTurnsAsync(int me, int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            while (true)
            {
                long seen = sequence();
                if (Volatile.Read(ref _turns) % 2 == me)
                {
                    break;
                }

                await waitAsync(seen);
            }

            Interlocked.Increment(ref _turns);
            wakeAll();
        }
    }
}
