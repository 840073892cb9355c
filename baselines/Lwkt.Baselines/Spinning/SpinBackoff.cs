namespace Lwkt.Baselines.Spinning;

/// <summary>
/// Exponential backoff for the pure spinners, written as a careful user would: pause with
/// <see cref="Thread.SpinWait"/> (the <c>pause</c>/<c>yield</c> instruction, normalised by the runtime to roughly
/// equal time per unit across CPUs), doubling from 1 to 64 units; after <see cref="YieldAfter"/> rounds (about
/// 300 units, some µs: the order of a context switch), every further round calls <see cref="Thread.Yield"/>
/// (<c>sched_yield</c>) so that, when threads outnumber CPUs, a preempted lock holder gets a CPU to finish on.
/// Never <c>Thread.Sleep</c>: Sleep(0) is a yield with extra cost and Sleep(1) a millisecond per round. On one CPU
/// spinning cannot help the holder, so every round yields.
/// </summary>
/// <remarks>A mutable struct: keep it in a local and call <see cref="Pause"/> once per failed attempt.</remarks>
public struct SpinBackoff
{
    /// <summary>Rounds of pure spinning before rounds start to yield.</summary>
    public const int YieldAfter = 10;

    private const int MaxShift = 6;

    private int _rounds;

    /// <summary>How many times <see cref="Pause"/> has been called.</summary>
    public readonly int Rounds => _rounds;

    /// <summary>Waits a little longer than last time, or yields the CPU once past the bound.</summary>
    public void Pause()
    {
        if (_rounds < YieldAfter && SpinPolicy.IsMultiProcessor)
        {
            Thread.SpinWait(1 << Math.Min(_rounds, MaxShift));
        }
        else
        {
            Thread.Yield();
        }

        _rounds++;
    }
}
