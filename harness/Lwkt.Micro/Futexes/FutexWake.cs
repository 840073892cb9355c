using Lwkt.Baselines.Native;

namespace Lwkt.Micro.Futexes;

/// <summary>
/// os-futex: the FUTEX_WAKE_PRIVATE system call (<see cref="Futex.Wake"/>), on a word nobody waits on (the bare system
/// call) and on a word a waiter thread sleeps on.
/// </summary>
[BenchmarkCategory(MicroCategories.Futex, MicroCategories.OsFutex)]
public unsafe class FutexWake : MicroBenchmark
{
    /// <summary>Wakes per invocation.</summary>
    public const int Wakes = 20_000;

    /// <summary>The value that tells the waiter thread to exit.</summary>
    private const int Stop = int.MinValue;

    private int* _idle;
    private int* _sequence;
    private int* _armed;
    private Thread? _waiter;

    /// <summary>FUTEX_WAKE with nobody waiting: the kernel finds an empty hash bucket.</summary>
    [Benchmark(OperationsPerInvoke = Wakes)]
    public int WakeWithoutWaiter()
    {
        int woken = 0;
        for (int i = 0; i < Wakes; i++)
        {
            woken += Futex.Wake(_idle, 1);
        }

        return woken;
    }

    /// <summary>
    /// FUTEX_WAKE of a waiter: the waiter thread publishes the value it is about to sleep on; the benchmark waits for
    /// that, moves the word and wakes it. A row includes the waiter's return to sleep, since the next wake needs a
    /// sleeper (a waiter not yet in the kernel when woken gets EAGAIN and returns at once, as futex users expect).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Wakes)]
    public void WakeWithWaiter()
    {
        int value = Volatile.Read(ref *_sequence);
        for (int i = 0; i < Wakes; i++)
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref *_armed) != value)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            Volatile.Write(ref *_sequence, ++value);
            Futex.Wake(_sequence, 1);
        }
    }

    /// <inheritdoc/>
    protected override void Setup()
    {
        _idle = (int*)CacheLine.AllocateNative();
        _sequence = (int*)CacheLine.AllocateNative();
        _armed = (int*)CacheLine.AllocateNative();
        *_armed = -1;
        _waiter = new Thread(WaitLoop) { IsBackground = true, Name = "futex waiter" };
        _waiter.Start();
    }

    /// <inheritdoc/>
    protected override void Cleanup()
    {
        Volatile.Write(ref *_sequence, Stop);
        Futex.Wake(_sequence, int.MaxValue);
        _waiter?.Join();
        CacheLine.FreeNative(_idle);
        CacheLine.FreeNative(_sequence);
        CacheLine.FreeNative(_armed);
    }

    private void WaitLoop()
    {
        while (true)
        {
            int value = Volatile.Read(ref *_sequence);
            if (value == Stop)
            {
                return;
            }

            Volatile.Write(ref *_armed, value);
            Futex.Wait(_sequence, value);
        }
    }
}
