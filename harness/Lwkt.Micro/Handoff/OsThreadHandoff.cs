using Lwkt.Micro.Hosting;

namespace Lwkt.Micro.Handoff;

/// <summary>
/// OS threads: two threads, pinned per <see cref="HandoffBenchmarks.Placement"/>, hand off through one
/// <see cref="ISequenceEvent"/> each: read the sequence, check the turn, wait on the value read (no lost wakeup), and
/// <see cref="ISequenceEvent.WakeAll"/> the other's event. Subclasses choose the event.
/// </summary>
public abstract class OsThreadHandoff : HandoffBenchmarks
{
    private ISequenceEvent[] _events = [];

    /// <summary>Creates one event.</summary>
    protected abstract ISequenceEvent CreateEvent();

    /// <inheritdoc/>
    protected override void Setup() => _events = [CreateEvent(), CreateEvent()];

    /// <inheritdoc/>
    protected override void RunHandoffs(int turnsEach) =>
        OsThreadPair.Run(Placement, () => TakeTurns(0, turnsEach), () => TakeTurns(1, turnsEach));

    private void TakeTurns(int me, int turns)
    {
        ISequenceEvent mine = _events[me];
        ISequenceEvent other = _events[1 - me];
        for (int i = 0; i < turns; i++)
        {
            while (IsNotTurnOf(me))
            {
                long seen = mine.Sequence;
                if (!IsNotTurnOf(me))
                {
                    break;
                }

                mine.Wait(seen);
            }

            PassTurn(me);
            other.WakeAll();
        }
    }
}
