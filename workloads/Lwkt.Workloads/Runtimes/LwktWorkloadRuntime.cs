using System.Runtime.CompilerServices;
using Lwkt.Runtime;
using Lwkt.Runtime.Messaging;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// The <c>lwkt</c> runtime: an <see cref="LwktRuntime"/> with one virtual CPU per core. Workload threads are LWKT
/// threads; locks are tokens (so lock sets are taken in any order and a lock is released while its holder blocks);
/// events are sleep queues; ports are LWKT message ports; blocking calls go to the sysport.
/// </summary>
public sealed class LwktWorkloadRuntime : WorkloadRuntime
{
    private readonly LwktRuntime _runtime;

    /// <summary>
    /// Starts an LWKT runtime with <paramref name="cores"/> virtual CPUs. With <paramref name="pinWorkers"/> (every
    /// measured cell) each worker is pinned to one CPU of the process's allowed set (virtual CPU i on the i-th allowed
    /// CPU), so a thread placed on virtual CPU i runs on one host CPU as an OS-thread baseline pinned there does;
    /// <c>LWKT_PIN=0</c> in the environment leaves them to the kernel (an experiment). Rows record <c>vcpus_pinned</c>.
    /// </summary>
    public LwktWorkloadRuntime(int cores, bool pinWorkers = false)
    {
        _runtime = new LwktRuntime(new LwktRuntimeOptions { Cpus = cores, Pin = pinWorkers && Environment.GetEnvironmentVariable(PinVariable) != "0" });
    }

    /// <summary>Starts an LWKT runtime with <paramref name="options"/> (e.g. the deterministic mode of <c>torture</c>).</summary>
    public LwktWorkloadRuntime(LwktRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runtime = new LwktRuntime(options);
    }

    /// <summary>The environment variable that turns worker pinning off (<c>0</c>).</summary>
    public const string PinVariable = "LWKT_PIN";

    /// <inheritdoc/>
    public override string Name => "lwkt";

    /// <inheritdoc/>
    public override int Cores => _runtime.CpuCount;

    /// <summary>The underlying runtime (for tests and counters).</summary>
    public LwktRuntime Runtime => _runtime;

    /// <inheritdoc/>
    public override void Run(int threads, Func<int, ValueTask> body, Func<int, int>? cpuOf = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var spawned = new LwktThread[threads];
        for (int i = 0; i < threads; i++)
        {
            int index = i;
            spawned[i] = _runtime.Spawn(() => body(index), cpuOf?.Invoke(i) % _runtime.CpuCount);
        }

        Exception? first = null;
        foreach (LwktThread td in spawned)
        {
            try
            {
                td.Join();
            }
            catch (LwktThreadException e)
            {
                first ??= e.InnerException ?? e;
            }
        }

        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <inheritdoc/>
    public override RtThread Spawn(Func<object?, ValueTask> body, object? state) => new(_runtime.Spawn(body, state), s_join);

    /// <inheritdoc/>
    public override RtLock CreateLock(string name) => new Lock(name);

    /// <inheritdoc/>
    public override RtRwLock CreateRwLock(string name) => new RwLock(name);

    /// <inheritdoc/>
    public override RtEvent CreateEvent() => new Event();

    /// <inheritdoc/>
    public override RtPort CreatePort() => new LwktPort();

    /// <summary>Tokens cannot deadlock: take the set in the order given, no sort (that is the point of tokens).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask AcquireAllAsync(RtLock[] locks, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await ((Lock)locks[i]).Token.AcquireAsync();
        }
    }

    /// <summary>
    /// The running LWKT thread's yield, as <see cref="LwktThread.YieldAsync"/>: the thread is requeued when the awaiting
    /// method registers its continuation (<see cref="LwktThread.YieldCurrentThen"/>, which finds it; outside an LWKT
    /// thread the await fails there).
    /// </summary>
    public override RtYield YieldAsync() => new(Yielder.Instance);

    /// <inheritdoc/>
    public override ValueTask MaybeYieldAsync() => LwktThread.MaybeYieldAsync();

    /// <inheritdoc/>
    public override ValueTask SleepAsync(long nanoseconds) => LwktThread.SleepAsync(FromNanoseconds(nanoseconds));

    /// <inheritdoc/>
    public override ValueTask BlockingCallAsync(long nanoseconds) => LwktPort.NanosleepAsync(FromNanoseconds(nanoseconds));

    /// <summary>
    /// Every field of the virtual CPUs' summed <see cref="CpuCounters"/> by its name (<see cref="CpuCounterFields"/>),
    /// and <c>TokenCollisions</c> (<see cref="Token.AllCollisions"/>, process-wide).
    /// </summary>
    public override void ReadCounters(RuntimeCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        CpuCounterFields.Report(_runtime.Counters, counters);
        counters.Report("TokenCollisions", Token.AllCollisions);
    }

    /// <inheritdoc/>
    public override string? DescribeState() => _runtime.DescribeState(StateInterval);

    /// <summary>Between the two snapshots of a state dump: long enough for a livelock's counters to move by thousands.</summary>
    private static readonly TimeSpan StateInterval = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc/>
    public override string Describe() =>
        $"lwkt: {_runtime.CpuCount} virtual CPUs (workers {(_runtime.Pinned ? "pinned one per allowed CPU" : "unpinned")}), "
        + "placement honoured (threads pinned to their virtual CPU), "
        + $"sysport on {SysPortName}{(_runtime.SysPortFallbackReason is string why ? $" ({why})" : "")}";

    /// <summary>Records the sysport backend (<c>sysport=io_uring</c> or <c>sysport=threads</c>) and worker pinning in every row.</summary>
    public override void AddDetail(List<string> detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        detail.Add("sysport=" + SysPortName);
        detail.Add($"vcpus_pinned={(_runtime.Pinned ? 1 : 0)}");
    }

    private string SysPortName => _runtime.SysPortBackend == SysPortBackend.IoUring ? "io_uring" : "threads";

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _runtime.Dispose(TimeSpan.FromSeconds(10));
        }

        base.Dispose(disposing);
    }

    private static TimeSpan FromNanoseconds(long ns) => TimeSpan.FromTicks(Math.Max(1, ns / 100));

    /// <summary>
    /// Joins rethrow the thread's own exception, as the abstraction promises, not the runtime's wrapper: the runtime's
    /// unwrapping join, returned as is (an async method here, unwrapping, was resumed by a post to the joiner's context
    /// whenever the join waited).
    /// </summary>
    private static readonly Func<object, ValueTask> s_join = static td => ((LwktThread)td).JoinRethrowingAsIsAsync();

    /// <summary>Requeues the yielding (calling) LWKT thread and arms its continuation.</summary>
    private sealed class Yielder : RtYielder
    {
        public static readonly Yielder Instance = new();

        public override void YieldThen(Action continuation) => LwktThread.YieldCurrentThen(continuation);
    }

    private sealed class Lock(string name) : RtLock(name)
    {
        public Token Token { get; } = new(name);

        public override ValueTask AcquireAsync() => Token.AcquireAsync();

        public override bool TryAcquire() => Token.TryAcquire();

        public override void Release() => Token.Release();
    }

    private sealed class RwLock(string name) : RtRwLock
    {
        private readonly Token _token = new(name);

        public override ValueTask AcquireSharedAsync() => _token.AcquireSharedAsync();

        public override void ReleaseShared() => _token.Release();

        public override ValueTask AcquireExclusiveAsync() => _token.AcquireAsync();

        public override void ReleaseExclusive() => _token.Release();
    }

    /// <summary>
    /// An event on a sleep queue: interlock, re-check the sequence, then sleep (no lost wakeup). Only
    /// <see cref="WakeAll"/> wakes this ident, and it moves the sequence first, so one wakeup ends the wait: no loop, and
    /// no async method, whose box (about 120 bytes) each parked waiter kept (the spawn cell parks a million).
    /// </summary>
    private sealed class Event : RtEvent
    {
        private long _sequence;

        public override long Sequence => Volatile.Read(ref _sequence);

        public override ValueTask WaitAsync(long seen)
        {
            if (Volatile.Read(ref _sequence) != seen)
            {
                return default;
            }

            SleepQueue.Interlock(this);
            if (Volatile.Read(ref _sequence) != seen)
            {
                SleepQueue.Cancel();
                return default;
            }

            return SleepQueue.SleepInterlockedAsync(this);
        }

        public override void WakeAll()
        {
            Interlocked.Increment(ref _sequence);
            SleepQueue.Wakeup(this);
        }
    }
}
