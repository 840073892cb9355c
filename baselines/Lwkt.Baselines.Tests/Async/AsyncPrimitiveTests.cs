using Lwkt.Baselines.Async;

namespace Lwkt.Baselines.Tests.Async;

public class AsyncPrimitiveTests
{
    [Fact]
    public async Task Async_reader_writer_lock_excludes_writers_from_everyone()
    {
        var rw = new AsyncReaderWriterLock();
        int writersInside = 0, readersInside = 0, violations = 0;
        long written = 0;

        await Task.WhenAll(Enumerable.Range(0, 6).Select(index => Task.Run(async () =>
        {
            for (int i = 0; i < 500; i++)
            {
                if (index < 2)
                {
                    await rw.EnterWriteAsync();
                    if (Interlocked.Increment(ref writersInside) != 1 || Volatile.Read(ref readersInside) != 0)
                    {
                        Interlocked.Increment(ref violations);
                    }

                    written++;
                    await Task.Yield();
                    Interlocked.Decrement(ref writersInside);
                    rw.ExitWrite();
                }
                else
                {
                    await rw.EnterReadAsync();
                    Interlocked.Increment(ref readersInside);
                    if (Volatile.Read(ref writersInside) != 0)
                    {
                        Interlocked.Increment(ref violations);
                    }

                    Interlocked.Decrement(ref readersInside);
                    rw.ExitRead();
                }
            }
        }))).WaitAsync(TestThreads.Watchdog);

        Assert.Equal(0, violations);
        Assert.Equal(1_000, written);
    }

    [Fact]
    public async Task Async_event_hands_a_turn_back_and_forth_without_losing_a_wakeup()
    {
        var ev = new AsyncSequenceEvent();
        long turn = 0;

        await Task.WhenAll(Enumerable.Range(0, 2).Select(me => Task.Run(async () =>
        {
            for (int round = 0; round < 2_000; round++)
            {
                while (true)
                {
                    long seen = ev.Sequence;
                    if (Volatile.Read(ref turn) % 2 == me)
                    {
                        break;
                    }

                    await ev.WaitAsync(seen);
                }

                Interlocked.Increment(ref turn);
                ev.WakeAll();
            }
        }))).WaitAsync(TestThreads.Watchdog);

        Assert.Equal(4_000, turn);
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
