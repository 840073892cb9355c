using System.Runtime.CompilerServices;
using HdrHistogram;
using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Execution;

/// <summary>
/// What one iteration's threads share: the runtime, the settings, the start gate, the stop flag, per-thread op
/// counts (padded), per-thread latency histograms and the violation count. Created per iteration by
/// <see cref="CellRunner"/>; the workload reads it through <see cref="Workload"/>'s <c>Context</c>.
/// </summary>
internal sealed class IterationContext : IDisposable
{
    /// <summary>Latencies above this (100 s) are recorded as this.</summary>
    private const long HighestLatencyNs = 100_000_000_000;

    private readonly Workload _workload;
    private readonly ThreadSlot[] _slots;
    private readonly IntHistogram?[] _latency;
    private readonly StartGate _gate;
    private readonly StopTimer _timer;
    private volatile bool _stopping;
    private long _violations;
    private string? _firstViolation;
    private long _startTimestamp;

    public IterationContext(WorkloadRuntime runtime, WorkloadSettings settings, Workload workload, int iteration, TimeSpan duration)
    {
        Runtime = runtime;
        Settings = settings;
        Iteration = iteration;
        _workload = workload;
        int threads = workload.ThreadCount;
        _slots = new ThreadSlot[threads];
        _latency = new IntHistogram?[threads];
        for (int i = 0; i < threads; i++)
        {
            // Two significant digits (1 % value resolution) keep a histogram near 16 KB, so thousands of
            // threads can each own one and record without sharing a cache line or taking a lock.
            _latency[i] = workload.IsCounted(i) ? new IntHistogram(1, HighestLatencyNs, 2) : null;
        }

        _timer = new StopTimer(duration, Stop);
        _gate = new StartGate(runtime.CreateEvent(), threads, Open);
    }

    /// <summary>The runtime the workload runs on.</summary>
    public WorkloadRuntime Runtime { get; }

    /// <summary>The cell's settings and parameters.</summary>
    public WorkloadSettings Settings { get; }

    /// <summary>The iteration number (warm-up iterations included), used in seeds.</summary>
    public int Iteration { get; }

    /// <summary>True once the duration has passed: loops finish their current op and leave.</summary>
    public bool Stopping => _stopping;

    /// <summary>The timestamp at which the start gate opened.</summary>
    public long StartTimestamp => Volatile.Read(ref _startTimestamp);

    /// <summary>Validation failures reported so far.</summary>
    public long Violations => Interlocked.Read(ref _violations);

    /// <summary>The first validation failure's message.</summary>
    public string? FirstViolation => Volatile.Read(ref _firstViolation);

    /// <summary>Sets the stop flag (the stop timer does; a workload that ends on a count may too).</summary>
    public void Stop() => _stopping = true;

    /// <summary>A generator for thread <paramref name="thread"/>, seeded from the cell seed and iteration.</summary>
    public FastRandom RandomFor(int thread) => new(Settings.Spec.Seed, Iteration, thread);

    /// <summary>Adds ops completed by <paramref name="thread"/> (call once, after its loop).</summary>
    public void AddOps(int thread, long ops) => _slots[thread].Ops += ops;

    /// <summary>Records a latency that began at <paramref name="startTimestamp"/> and ends now.</summary>
    public void RecordLatencySince(int thread, long startTimestamp) =>
        RecordLatencyNs(thread, Timestamps.ToNs(Timestamps.Now() - startTimestamp));

    /// <summary>Records a latency in ns into <paramref name="thread"/>'s histogram (only its own thread may).</summary>
    public void RecordLatencyNs(int thread, long nanoseconds) =>
        _latency[thread]?.RecordValue(Math.Clamp(nanoseconds, 1, HighestLatencyNs));

    /// <summary>Reports a validation failure (any thread, any time); the iteration becomes invalid.</summary>
    public void Violation(string message)
    {
        Interlocked.Increment(ref _violations);
        Interlocked.CompareExchange(ref _firstViolation, message, null);
    }

    /// <summary>Runs every thread through the gate and the body; returns after all have ended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute() => Runtime.Run(_slots.Length, ThreadMainAsync, _workload.CpuOf);

    /// <summary>Seconds from the gate opening to the last body returning.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double ElapsedSeconds()
    {
        long end = _slots.Max(s => s.EndTimestamp);
        return Timestamps.ToNs(Math.Max(0, end - StartTimestamp)) / 1e9;
    }

    /// <summary>Op counts of the counted threads, for totals and fairness.</summary>
    public long[] CountedOps()
    {
        var counts = new List<long>(_slots.Length);
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_workload.IsCounted(i))
            {
                counts.Add(_slots[i].Ops);
            }
        }

        return [.. counts];
    }

    /// <summary>All threads' latencies merged; null when none were recorded.</summary>
    public HistogramBase? MergedLatency()
    {
        IntHistogram? merged = null;
        foreach (IntHistogram? histogram in _latency)
        {
            if (histogram is null || histogram.TotalCount == 0)
            {
                continue;
            }

            merged ??= new IntHistogram(1, HighestLatencyNs, 2);
            merged.Add(histogram);
        }

        return merged;
    }

    /// <inheritdoc/>
    public void Dispose() => _timer.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Open()
    {
        Volatile.Write(ref _startTimestamp, Timestamps.Now());
        _timer.Arm();
    }

    private async ValueTask ThreadMainAsync(int thread)
    {
        await _gate.ArriveAndWaitAsync();
        try
        {
            await _workload.RunThreadAsync(thread);
        }
        catch
        {
            // Let the other loops end so Run can return and rethrow this exception.
            Stop();
            throw;
        }
        finally
        {
            _slots[thread].EndTimestamp = Timestamps.Now();
        }
    }
}
