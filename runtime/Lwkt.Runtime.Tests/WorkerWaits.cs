namespace Lwkt.Runtime.Tests;

/// <summary>
/// Waits the race-building tests (<see cref="IpiRingTests"/>, <c>WaitInPlaceTests</c>) use inside a runtime: spinning
/// the calling worker without a switch, and sleeping an LWKT thread between looks so its CPU can park.
/// </summary>
internal static class WorkerWaits
{
    /// <summary>Spins the calling worker (no switch) until <paramref name="done"/> or <paramref name="ms"/> ms pass.</summary>
    public static void SpinUntil(Func<bool> done, long ms)
    {
        long until = Environment.TickCount64 + ms;
        while (!done() && Environment.TickCount64 < until)
        {
            Thread.SpinWait(10);
        }
    }

    /// <summary>
    /// Sleeps the calling LWKT thread 100 ms at a time until <paramref name="done"/> or 2 s pass; returns
    /// <paramref name="done"/>'s last answer. Looking 10 times a second leaves the thread's CPU parked between looks:
    /// with it waking every millisecond, the other CPU found it busy often enough under load to spin again rather than
    /// park, and so found an unrung entry that the test meant only a parked CPU's owed scan to find.
    /// </summary>
    public static async ValueTask<bool> SleepUntilAsync(Func<bool> done)
    {
        long deadline = Environment.TickCount64 + 2_000;
        while (!done() && Environment.TickCount64 < deadline)
        {
            await LwktThread.SleepAsync(TimeSpan.FromMilliseconds(100));
        }

        return done();
    }
}
