using Lwkt.Baselines.Futexes;
using Lwkt.Baselines.Native;

namespace Lwkt.Baselines.Tests.Futexes;

/// <summary>The os-futex primitives stay in user space when uncontended and really enter the kernel when contended.</summary>
[Collection(FutexCountersCollection.Name)]
public class KernelEntryTests
{
    [Fact]
    public void Uncontended_use_of_every_futex_primitive_makes_no_futex_system_call()
    {
        var mutex = new FutexMutex();
        var rw = new FutexRwLock();
        var sequence = new FutexSequence();
        var queue = new FutexQueue<int>();
        var completion = new FutexCompletion();

        FutexCounts before = FutexCounters.Read();
        for (int i = 0; i < 100_000; i++)
        {
            mutex.Enter();
            mutex.Exit();
            rw.EnterRead();
            rw.ExitRead();
            rw.EnterWrite();
            rw.ExitWrite();
            long seen = sequence.Sequence;
            sequence.WakeAll();
            sequence.Wait(seen);
            queue.Enqueue(i);
            Assert.Equal(i, queue.Dequeue());
            completion.Reset();
            completion.Set();
            completion.Wait();
        }

        Assert.Equal(default, FutexCounters.Read() - before);
    }

    [Fact]
    public void A_contended_mutex_sleeps_in_FUTEX_WAIT_and_its_release_issues_FUTEX_WAKE()
    {
        var mutex = new FutexMutex();
        FutexCounts before = FutexCounters.Read();
        mutex.Enter();
        bool entered = false;

        TestThreads.Run(2, index =>
        {
            if (index == 0)
            {
                mutex.Enter();
                entered = true;
                mutex.Exit();
                return;
            }

            // The holder keeps the lock until the contender has spun out and entered the kernel.
            TestThreads.WaitUntil(() => (FutexCounters.Read() - before).Waits > 0, "the contender entered FUTEX_WAIT");
            Assert.Equal(0, (FutexCounters.Read() - before).Wakes);
            mutex.Exit();
        });

        FutexCounts delta = FutexCounters.Read() - before;
        Assert.True(entered);
        Assert.True(delta.Waits >= 1, $"waits {delta.Waits}");
        Assert.True(delta.Wakes >= 1, $"wakes {delta.Wakes}");
        Assert.False(mutex.IsLocked);
    }

    [Fact]
    public void Contended_locks_events_and_queues_enter_the_kernel()
    {
        var mutex = new FutexMutex();
        var sequence = new FutexSequence();
        var queue = new FutexQueue<int>();
        FutexCounts before = FutexCounters.Read();
        long counter = 0;

        TestThreads.Run(4, index =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                mutex.Enter();
                counter++;
                Thread.SpinWait(50);
                mutex.Exit();
            }

            if (index == 0)
            {
                long seen = sequence.Sequence;
                queue.Enqueue(1);
                sequence.Wait(seen);
            }
            else if (index == 1)
            {
                Assert.Equal(1, queue.Dequeue());
                sequence.WakeAll();
            }
        });

        FutexCounts delta = FutexCounters.Read() - before;
        Assert.Equal(8_000, counter);
        Assert.True(delta.Waits > 0 && delta.Wakes > 0, $"waits {delta.Waits}, wakes {delta.Wakes}");
    }
}
