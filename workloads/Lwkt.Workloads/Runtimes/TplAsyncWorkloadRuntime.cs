using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwkt.Baselines.Native;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// <c>tpl-async</c>: the M:N design a C# developer would actually pick. Workload threads are tasks on the .NET
/// thread pool (<see cref="Task.Run(Func{Task})"/>); <see cref="SemaphoreSlim.WaitAsync()"/> locks, an async
/// reader/writer lock, async sequence events and <see cref="System.Threading.Channels.Channel{T}"/> ports. A
/// pending wait releases its pool thread; continuations run on the pool. No placement: the pool decides.
/// </summary>
public sealed class TplAsyncWorkloadRuntime : WorkloadRuntime
{
    /// <summary>
    /// The <see cref="Environment.TickCount64"/> value when this pool thread last passed a
    /// <see cref="MaybeYieldAsync"/> that yielded (or first called it); per pool thread, not per task.
    /// </summary>
    [ThreadStatic]
    private static long t_sliceStart;

    /// <summary>Creates the runtime; <paramref name="cores"/> is recorded (the pool uses the process's CPUs).</summary>
    public TplAsyncWorkloadRuntime(int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        Cores = cores;
    }

    /// <inheritdoc/>
    public override string Name => "tpl-async";

    /// <inheritdoc/>
    public override int Cores { get; }

    /// <inheritdoc/>
    public override void Run(int threads, Func<int, ValueTask> body, Func<int, int>? cpuOf = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentNullException.ThrowIfNull(body);
        var failure = new FirstFailure();
        var tasks = new Task[threads];
        for (int i = 0; i < threads; i++)
        {
            int index = i;
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    await body(index);
                }
                catch (Exception e)
                {
                    failure.Record(e);
                }
            });
        }

        Task.WaitAll(tasks);
        failure.ThrowIfAny();
    }

    /// <inheritdoc/>
    public override RtThread Spawn(Func<object?, ValueTask> body, object? state) => new(Task.Run(() => body(state).AsTask()), s_join);

    /// <summary>A join awaits the task (and rethrows its exception).</summary>
    private static readonly Func<object, ValueTask> s_join = static task => new ValueTask((Task)task);

    /// <inheritdoc/>
    public override RtLock CreateLock(string name) => new SemaphoreRtLock(name);

    /// <inheritdoc/>
    public override RtRwLock CreateRwLock(string name) => new AsyncRtRwLock();

    /// <inheritdoc/>
    public override RtEvent CreateEvent() => new AsyncRtEvent();

    /// <inheritdoc/>
    public override RtPort CreatePort() => new ChannelRtPort();

    /// <summary>The continuation goes to the back of the pool thread's queue, as with <c>await Task.Yield()</c> (<see cref="PoolYield"/>).</summary>
    public override RtYield YieldAsync() => new(PoolYield.Start(out short token), token);

    /// <summary>
    /// A task holds its pool thread until it awaits something pending, so a CPU-bound loop would keep the thread
    /// forever (the pool only injects threads slowly); like lwkt's tick, this yields as <see cref="YieldAsync"/> does
    /// once the millisecond tick has moved since the pool thread's last slice began. The check reads the coarse
    /// <see cref="Environment.TickCount64"/>, a few ns.
    /// </summary>
    public override ValueTask MaybeYieldAsync()
    {
        long now = Environment.TickCount64;
        if (now == t_sliceStart)
        {
            return default;
        }

        bool first = t_sliceStart == 0;
        t_sliceStart = now;
        if (first)
        {
            return default;
        }

        PoolYield yield = PoolYield.Start(out short token);
        return new ValueTask(yield, token);
    }

    /// <summary>
    /// <see cref="Task.Delay(TimeSpan)"/>, which has millisecond granularity: each delay is rounded up to whole
    /// milliseconds and repeated until <paramref name="nanoseconds"/> have passed, so the sleep is never short.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask SleepAsync(long nanoseconds)
    {
        long start = Stopwatch.GetTimestamp();
        long remaining;
        while ((remaining = nanoseconds - (Stopwatch.GetElapsedTime(start).Ticks * 100)) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining / 1e6)));
        }
    }

    /// <summary>
    /// A blocking system call made from async code blocks the pool thread it runs on (here a
    /// <see cref="PreciseSleep"/>, a kernel nanosleep); the pool's starvation logic injects threads if needed.
    /// </summary>
    public override ValueTask BlockingCallAsync(long nanoseconds)
    {
        PreciseSleep.Sleep(nanoseconds);
        return default;
    }

    /// <inheritdoc/>
    public override string Describe()
    {
        ThreadPool.GetMinThreads(out int minWorkers, out _);
        ThreadPool.GetMaxThreads(out int maxWorkers, out _);
        return $"{Name}: tasks on the .NET thread pool (min {minWorkers}, max {maxWorkers} workers); placement ignored "
            + "(the pool schedules); SemaphoreSlim.WaitAsync, async rwlock, async sequence event, Channel<T> port with "
            + "pooled reply completions; yield = Task.Yield; MaybeYield = Task.Yield once the 1 ms tick moved; sleep = Task.Delay rounded up to ms; blocking call = "
            + "clock_nanosleep on the pool thread";
    }
}
