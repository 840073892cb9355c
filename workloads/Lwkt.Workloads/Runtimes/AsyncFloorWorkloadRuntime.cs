using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// <c>async-floor</c>: the least a yield can cost any runtime whose threads are .NET async methods, measured with the
/// yield workload's own loop body. The workload threads are async methods on one OS thread; a yield is the same
/// <see cref="RtYield"/> awaiter with one <see cref="RtYielder"/>, whose <see cref="RtYielder.YieldThen"/> (the same
/// virtual call as on <c>lwkt</c>) puts the awaiting method's continuation at the tail of a ring, and the thread's loop
/// invokes the ring's head. What is left is what every such runtime pays per yield: the async method's state machine, the
/// builder's <c>AwaitUnsafeOnCompleted</c> (the box's <c>MoveNext</c> delegate, the ExecutionContext capture), a delegate
/// invoke, and the workload's own op count and mark check. No priorities, tokens, IPIs, timers, slices, CPU counters or
/// synchronisation context: none of the rules a scheduler adds. <c>lwkt</c>'s yield divided by this one, in the same run,
/// is what the LWKT rules cost (docs/measurement.md, "The yield floor").
/// </summary>
/// <remarks>
/// Only the yield workload runs here (<see cref="RuntimeCatalog"/> marks every other cell unsupported), plus what every
/// cell needs: the start gate's event (a waiter yields until the sequence moves, on the one OS thread) and the
/// iteration's stop flag, set by a timer thread. Everything else throws <see cref="NotSupportedException"/>. Placement
/// is ignored: there is one OS thread, on whatever CPU the cell's process is allowed.
/// </remarks>
internal sealed class AsyncFloorWorkloadRuntime : WorkloadRuntime
{
    /// <summary>The runtime's name on the command line and in the CSV.</summary>
    public const string RuntimeName = "async-floor";

    /// <summary>The one workload this runtime runs.</summary>
    public const string Workload = "yield";

    private readonly FloorScheduler _scheduler = new();

    /// <inheritdoc/>
    public override string Name => RuntimeName;

    /// <summary>One OS thread, whatever the cell's core count.</summary>
    public override int Cores => 1;

    /// <summary>
    /// Starts the bodies on one new OS thread (as <c>lwkt</c> starts its worker) and runs the ring there until every body
    /// has finished; rethrows the first body's exception. <paramref name="cpuOf"/> is ignored: one thread, no placement.
    /// </summary>
    public override void Run(int threads, Func<int, ValueTask> body, Func<int, int>? cpuOf = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentNullException.ThrowIfNull(body);
        var failure = new FirstFailure();
        Thread thread = OsThreads.Start(() => _scheduler.RunAll(threads, body, failure), failure, RuntimeName);
        thread.Join();
        failure.ThrowIfAny();
    }

    /// <summary>The floor's yield: the awaiting method's continuation goes to the ring's tail.</summary>
    public override RtYield YieldAsync() => new(_scheduler);

    /// <inheritdoc/>
    public override RtEvent CreateEvent() => new FloorEvent(this);

    /// <inheritdoc/>
    public override RtThread Spawn(Func<object?, ValueTask> body, object? state) => throw Unsupported();

    /// <inheritdoc/>
    public override RtLock CreateLock(string name) => throw Unsupported();

    /// <inheritdoc/>
    public override RtRwLock CreateRwLock(string name) => throw Unsupported();

    /// <inheritdoc/>
    public override RtPort CreatePort() => throw Unsupported();

    /// <inheritdoc/>
    public override ValueTask SleepAsync(long nanoseconds) => throw Unsupported();

    /// <inheritdoc/>
    public override ValueTask BlockingCallAsync(long nanoseconds) => throw Unsupported();

    /// <inheritdoc/>
    public override string Describe() => $"{RuntimeName} (one OS thread, a ring of continuations; {Workload} only)";

    /// <summary>Why a cell other than <see cref="Workload"/> cannot run here.</summary>
    public static string UnsupportedReason =>
        $"{RuntimeName} is the {Workload} workload's floor: it has threads and a yield, nothing else";

    private static NotSupportedException Unsupported() => new(UnsupportedReason);

    /// <summary>
    /// The start gate's event: a waiter yields until the sequence has moved. Waiters and the waker are threads of the
    /// one OS thread, so the sequence needs no fence; the gate's last arrival moves it.
    /// </summary>
    private sealed class FloorEvent(AsyncFloorWorkloadRuntime runtime) : RtEvent
    {
        private long _sequence;

        public override long Sequence => _sequence;

        public override async ValueTask WaitAsync(long seen)
        {
            while (_sequence == seen)
            {
                await runtime.YieldAsync();
            }
        }

        public override void WakeAll() => _sequence++;
    }
}
