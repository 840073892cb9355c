using Lwkt.Baselines.Async;
using Lwkt.Testing;

namespace Lwkt.Baselines.Tests.Async;

public class AsyncPrimitiveTests
{
    [Fact]
    public async Task Async_reader_writer_lock_excludes_writers_from_everyone()
    {
        var rw = new AsyncReaderWriterLock();
        var probe = new ExclusionProbe();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(index => Task.Run(async () =>
        {
            for (int i = 0; i < 500; i++)
            {
                if (index < 2)
                {
                    // The writer holds the lock across an await: the lock, not the thread, must exclude.
                    await rw.EnterWriteAsync();
                    probe.EnterExclusive();
                    await Task.Yield();
                    probe.ExitExclusive();
                    rw.ExitWrite();
                }
                else
                {
                    await rw.EnterReadAsync();
                    probe.Shared();
                    rw.ExitRead();
                }
            }
        }))).WaitAsync(TestThreads.Watchdog);

        probe.AssertExcluded(1_000);
    }

    [Fact]
    public async Task Async_event_hands_a_turn_back_and_forth_without_losing_a_wakeup()
    {
        var ev = new AsyncSequenceEvent();
        var turns = new TurnPassing(() => ev.Sequence, ev.WaitAsync, ev.WakeAll);

        await Task.WhenAll(Enumerable.Range(0, 2).Select(me => Task.Run(async () => await turns.TakeTurnsAsync(me, 2_000))))
            .WaitAsync(TestThreads.Watchdog);

        Assert.Equal(4_000, turns.Turns);
    }

    [Fact]
    public async Task Async_completion_is_reused_for_every_round()
    {
        var completion = new AsyncCompletion();
        for (int i = 0; i < 200; i++)
        {
            completion.Reset();
            ValueTask pending = completion.Task;
            _ = Task.Run(completion.Set);
            await pending.AsTask().WaitAsync(TestThreads.Watchdog);
        }
    }
}
