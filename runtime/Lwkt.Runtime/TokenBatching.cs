using System.Diagnostics;

namespace Lwkt.Runtime;

/// <summary>
/// How the spinning waiters of one exclusively contended token share it between CPUs, chosen by measurement: taking
/// it as soon as it is free (holders alternate between CPUs, one line transfer or two in every hold's path), or
/// polling it rarely, so the CPU that holds it keeps it for a batch of holds while its other CPU waits (the token and
/// the data it guards stay in one cache). Which one pays depends on the host's cost of a line transfer between the
/// two CPUs against the time a holder spends outside the token, neither of which the runtime knows: so it measures
/// the token's holds per second in short epochs of each mode (<see cref="Token._holds"/>) and keeps the faster one,
/// trying the other every <see cref="ExploreEvery"/> epochs (the host changes the transfer cost between and during
/// runs). docs/cross-cpu.md, "Where a contended token's holders run".
/// </summary>
/// <remarks>
/// Created by the first spinning waiter of a token (<see cref="Token.Batching"/>); driven by spinning waiters only,
/// at the clock reads their spin makes anyway, so a token nobody waits for costs nothing. The fields are written once
/// per epoch, by the waiter that wins the epoch's compare-exchange, and read racily by every waiter: a stale mode
/// costs one poll in the wrong mode.
/// </remarks>
internal sealed class TokenBatching
{
    /// <summary>The length of an epoch, in microseconds.</summary>
    internal const int EpochMicroseconds = 500;

    /// <summary>One epoch in this many runs the mode that measured slower, to notice when the host changed.</summary>
    internal const int ExploreEvery = 16;

    /// <summary>
    /// How much faster batches must have measured to be the mode: epochs of one mode swing by 10–20 % on a quiet host,
    /// and on the slow host batches measured 2.5 times the holds per second of alternation.
    /// </summary>
    private const double BatchMargin = 1.2;

    /// <summary>An epoch that no waiter ended within this many epochs' time is not measured (the token was not contended).</summary>
    private const int StaleEpochs = 4;

    private static readonly long s_epochTicks = Stopwatch.Frequency * EpochMicroseconds / 1_000_000;

    private long _epochStart;
    private long _epochHolds;
    private int _epoch;

    /// <summary>Holds per tick measured in each mode (exponentially smoothed), 0 until measured.</summary>
    private double _alternateRate;
    private double _batchRate;

    /// <summary>The mode of the current epoch: waiters poll rarely (batches) when set.</summary>
    internal volatile bool Batches;

    /// <summary>Epochs measured (for tests).</summary>
    internal int Epochs => Volatile.Read(ref _epoch);

    /// <summary>The epoch length in clock ticks (tests drive <see cref="Tick"/> with it).</summary>
    internal static long EpochTicks => s_epochTicks;

    internal TokenBatching(long now, long holds)
    {
        _epochStart = now;
        _epochHolds = holds;
    }

    /// <summary>
    /// Ends the epoch if it is over at <paramref name="now"/> (one caller wins it), crediting its holds per tick to the
    /// mode it ran in, and picks the next epoch's mode. Caller: a spinning waiter of <paramref name="token"/>, after a
    /// clock read.
    /// </summary>
    internal void Tick(Token token, long now)
    {
        long start = Volatile.Read(ref _epochStart);
        if (now - start < s_epochTicks || Interlocked.CompareExchange(ref _epochStart, now, start) != start)
        {
            return;
        }

        long holds = Volatile.Read(ref token._holds);
        if (now - start > StaleEpochs * s_epochTicks)
        {
            // Nobody spun for several epochs: the token was not contended, and its holds say nothing about the mode.
            _epochHolds = holds;
            return;
        }

        double rate = (double)(holds - _epochHolds) / (now - start);
        _epochHolds = holds;
        bool ran = Batches;
        if (ran)
        {
            _batchRate = _batchRate == 0 ? rate : (_batchRate + rate) / 2;
        }
        else
        {
            _alternateRate = _alternateRate == 0 ? rate : (_alternateRate + rate) / 2;
        }

        int epoch = ++_epoch;
        bool next;
        if (_alternateRate == 0 || _batchRate == 0)
        {
            next = _alternateRate != 0;
        }
        else
        {
            bool better = _batchRate > _alternateRate * BatchMargin;
            next = epoch % ExploreEvery == 0 ? !better : better;
        }

        Batches = next;
    }
}
