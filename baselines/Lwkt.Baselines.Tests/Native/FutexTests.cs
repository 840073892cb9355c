using Lwkt.Baselines.Native;

namespace Lwkt.Baselines.Tests.Native;

[Collection(FutexCountersCollection.Name)]
public unsafe class FutexTests
{
    [Fact]
    public void Futex_is_supported_on_this_linux_machine()
    {
        Assert.True(Futex.IsSupported);
        Futex.ThrowIfNotSupported();
    }

    [Fact]
    public void Wait_on_a_changed_value_returns_at_once_and_counts_one_kernel_entry()
    {
        int* word = (int*)CacheLine.AllocateNative();
        try
        {
            *word = 7;
            FutexCounts before = FutexCounters.Read();
            Assert.True(Futex.Wait(word, 6));
            Assert.Equal(0, Futex.Wake(word, 1));
            Assert.Equal(new FutexCounts(1, 1), FutexCounters.Read() - before);
        }
        finally
        {
            CacheLine.FreeNative(word);
        }
    }

    [Fact]
    public void Wait_with_a_timeout_returns_false_when_nobody_wakes()
    {
        int* word = (int*)CacheLine.AllocateNative();
        try
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            Assert.False(Futex.Wait(word, 0, 1_000_000));
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(1));
        }
        finally
        {
            CacheLine.FreeNative(word);
        }
    }

    [Fact]
    public void Wake_wakes_a_thread_asleep_on_the_word()
    {
        int* word = (int*)CacheLine.AllocateNative();
        try
        {
            FutexCounts before = FutexCounters.Read();
            int woken = 0;
            TestThreads.Run(2, index =>
            {
                if (index == 0)
                {
                    while (Volatile.Read(ref *word) == 0)
                    {
                        Futex.Wait(word, 0);
                    }

                    return;
                }

                TestThreads.WaitUntil(() => (FutexCounters.Read() - before).Waits > 0, "the waiter entered FUTEX_WAIT");

                // The waiter counts its wait just before the system call: wake until the kernel reports one sleeper
                // woken (the word is still 0, so a woken waiter sleeps again), then release it for good.
                TestThreads.WaitUntil(() => (woken = Futex.Wake(word, 1)) == 1, "FUTEX_WAKE reported the waiter woken");
                Volatile.Write(ref *word, 1);
                Futex.Wake(word, 1);
            });

            Assert.Equal(1, woken);
        }
        finally
        {
            CacheLine.FreeNative(word);
        }
    }
}
