using System.Runtime.CompilerServices;

namespace Lwkt.Workloads.Execution;

/// <summary>
/// Sets the iteration's stop flag a fixed time after the start gate opens, from a dedicated OS thread: it must
/// not depend on a scheduler the workload saturates (the thread pool under <c>tpl-async</c>, a virtual CPU
/// under <c>lwkt</c>). Millisecond precision; the measured duration is the real one, not the nominal.
/// </summary>
internal sealed class StopTimer : IDisposable
{
    private readonly ManualResetEventSlim _armed = new(false);
    private readonly ManualResetEventSlim _cancelled = new(false);
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

    /// <summary>Starts the countdown (called by the thread that opens the start gate; does not block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Arm() => _armed.Set();

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
