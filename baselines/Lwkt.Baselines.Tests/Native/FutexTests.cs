using Lwkt.Baselines.Native;

namespace Lwkt.Baselines.Tests.Native;

[Collection(FutexCountersCollection.Name)]
public sealed unsafe class FutexTests : IDisposable
{
    /// <summary>The futex word, on a line of native memory of its own; xunit makes one instance, so one word, per test.</summary>
    private readonly int* _word = (int*)CacheLine.AllocateNative();

    public void Dispose() => CacheLine.FreeNative(_word);

    [Fact]
    public void Futex_is_supported_on_this_linux_machine()
    {
        Assert.True(Futex.IsSupported);
        Futex.ThrowIfNotSupported();
    }

    [Fact]
    public void Wait_on_a_changed_value_returns_at_once_and_counts_one_kernel_entry()
    {
        *_word = 7;
        FutexCounts before = FutexCounters.Read();
        Assert.True(Futex.Wait(_word, 6));
        Assert.Equal(0, Futex.Wake(_word, 1));
        Assert.Equal(new FutexCounts(1, 1), FutexCounters.Read() - before);
    }

    [Fact]
    public void Wait_with_a_timeout_returns_false_when_nobody_wakes()
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.False(Futex.Wait(_word, 0, 1_000_000));
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Wake_wakes_a_thread_asleep_on_the_word()
    {
        FutexCounts before = FutexCounters.Read();
        int woken = 0;
        TestThreads.Run(2, index =>
        {
            if (index == 0)
            {
                while (Volatile.Read(ref *_word) == 0)
                {
                    Futex.Wait(_word, 0);
                }

                return;
            }

            TestThreads.WaitUntil(() => (FutexCounters.Read() - before).Waits > 0, "the waiter entered FUTEX_WAIT");

            // The waiter counts its wait just before the system call: wake until the kernel reports one sleeper
            // woken (the word is still 0, so a woken waiter sleeps again), then release it for good.
            TestThreads.WaitUntil(() => (woken = Futex.Wake(_word, 1)) == 1, "FUTEX_WAKE reported the waiter woken");
            Volatile.Write(ref *_word, 1);
            Futex.Wake(_word, 1);
        });

        Assert.Equal(1, woken);
    }
}
