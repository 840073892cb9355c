using System.Runtime.CompilerServices;

namespace Lwkt.Workloads.Execution;

/// <summary>
/// Sets the iteration's stop flag a fixed time after the start gate opens, from a dedicated OS thread: it must
/// not depend on a scheduler the workload saturates (the thread pool under <c>tpl-async</c>, a virtual CPU
/// under <c>lwkt</c>). Millisecond precision; the measured duration is the real one, not the nominal.
/// A zero duration sets the flag as the gate opens, before any workload thread is released, so every thread completes
/// its first operation and leaves (the JIT stage's call-count iterations, <see cref="Measurement.JitStage"/>): through
/// the timer thread that stop would wait until the thread is scheduled, 4–16 ms on one CPU shared with busy workload
/// threads (the kernel's 4 ms tick). The thread still runs, so those iterations call the same code as timed ones.
/// </summary>
internal sealed class StopTimer : IDisposable
{
    // Neither event spins before it blocks (spin count 0): the timer thread's CPU time is in every runtime's
    // cpu_ns_per_op, and a spin before a wait of a whole iteration buys nothing. With the default spin count a
    // --trace cpu profile had 47 % of the non-worker threads' running samples in this thread's spin.
    private readonly ManualResetEventSlim _armed = new(false, spinCount: 0);
    private readonly ManualResetEventSlim _cancelled = new(false, spinCount: 0);
    private readonly Thread _thread;
    private readonly TimeSpan _duration;
    private readonly Action _stop;

    public StopTimer(TimeSpan duration, Action stop)
    {
        _duration = duration;
        _stop = stop;
        _thread = new Thread(Main) { IsBackground = true, Name = "lwkt-bench stop timer" };
        _thread.Start();
    }

    /// <summary>
    /// Starts the countdown; for a zero duration, also stops at once (called by the thread that opens the start gate,
    /// before it releases the others; does not block).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Arm()
    {
        if (_duration == TimeSpan.Zero)
        {
            _stop();
        }

        _armed.Set();
    }

    /// <summary>Ends the timer thread; a countdown still running is abandoned without stopping anything.</summary>
    public void Dispose()
    {
        _cancelled.Set();
        _armed.Set();
        _thread.Join();
        _armed.Dispose();
        _cancelled.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Main()
    {
        _armed.Wait();
        if (!_cancelled.Wait(_duration))
        {
            _stop();
        }
    }
}
