namespace Lwkt.Workloads.Abstractions;

/// <summary>
/// A runtime as the workloads see it: threads, locks, wait/wake, ports, sleeps and counters.
/// One subclass per runtime (<c>lwkt</c>, <c>os-monitor</c>, <c>os-futex</c>, <c>os-lock</c>, <c>os-spin</c>,
/// <c>tpl-async</c>); every workload is written once against this type and runs unchanged on all of them.
/// </summary>
/// <remarks>
/// Every operation that may block returns a <see cref="ValueTask"/>. On the OS-thread runtimes it completes
/// synchronously (the OS thread really blocked inside the call), so awaiting it costs a completed-task check.
/// On <c>lwkt</c> a pending result is an LWKT blocking point: the LWKT thread is switched out and resumed on its
/// own virtual CPU. On <c>tpl-async</c> it is an ordinary asynchronous wait on the thread pool. A workload
/// must await each result exactly once, immediately, and never with <c>ConfigureAwait(false)</c>.
/// </remarks>
public abstract class WorkloadRuntime : IDisposable
{
    /// <summary>The runtime's name as used on the command line and in the CSV (<c>os-futex</c>, ...).</summary>
    public abstract string Name { get; }

    /// <summary>The number of CPUs this runtime uses (virtual CPUs for <c>lwkt</c>).</summary>
    public abstract int Cores { get; }

    /// <summary>
    /// Starts <paramref name="threads"/> workload threads running <paramref name="body"/>(index) and blocks the
    /// calling OS thread until all have finished. <paramref name="cpuOf"/>, when given, names the CPU (0-based,
    /// below <see cref="Cores"/>) each thread should run on; runtimes without placement ignore it and say so in
    /// <see cref="Describe"/>. The first exception thrown by a body is rethrown here after all threads end.
    /// </summary>
    public abstract void Run(int threads, Func<int, ValueTask> body, Func<int, int>? cpuOf = null);

    /// <summary>
    /// Spawns one more thread from inside a workload thread, running <paramref name="body"/>(<paramref name="state"/>)
    /// (the <c>spawn</c> workload): one shared delegate and a state per thread, so the workload allocates no delegate
    /// or closure per thread on any runtime (the spawn cell parks a million).
    /// </summary>
    public abstract RtThread Spawn(Func<object?, ValueTask> body, object? state);

    /// <summary>As <see cref="Spawn(Func{object?, ValueTask}, object?)"/>, for a body that takes no state.</summary>
    public RtThread Spawn(Func<ValueTask> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Spawn(s_invokeBody, body);
    }

    private static readonly Func<object?, ValueTask> s_invokeBody = static body => ((Func<ValueTask>)body!)();

    /// <summary>Creates an exclusive lock (a token on <c>lwkt</c>).</summary>
    public abstract RtLock CreateLock(string name);

    /// <summary>Creates a reader/writer lock (a token taken shared or exclusive on <c>lwkt</c>).</summary>
    public abstract RtRwLock CreateRwLock(string name);

    /// <summary>Creates an event with a sequence number: waiters wait for it to move, <c>WakeAll</c> moves it.</summary>
    public abstract RtEvent CreateEvent();

    /// <summary>Creates a message port that any thread may send to and one thread at a time receives from.</summary>
    public abstract RtPort CreatePort();

    /// <summary>
    /// Acquires every lock of <paramref name="locks"/> exclusively. Mutex runtimes must take them in a global
    /// order (sorted by <see cref="RtLock.Id"/>) to avoid deadlock; that sort is part of their cost. Runtimes
    /// whose locks cannot deadlock (tokens) take them in the order given.
    /// </summary>
    public virtual async ValueTask AcquireAllAsync(RtLock[] locks, int count)
    {
        SortById(locks, count);
        for (int i = 0; i < count; i++)
        {
            await locks[i].AcquireAsync();
        }
    }

    /// <summary>Releases what <see cref="AcquireAllAsync"/> took, in reverse order.</summary>
    public virtual void ReleaseAll(RtLock[] locks, int count)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            locks[i].Release();
        }
    }

    /// <summary>
    /// Gives up the CPU to another runnable thread (always switches when one is runnable). Returns a completed
    /// <see cref="RtYield"/> when the call itself yielded (OS threads), else one pending on the runtime's yielder.
    /// </summary>
    public abstract RtYield YieldAsync();

    /// <summary>
    /// A cooperative preemption point: switches only if the runtime wants a reschedule (a tick passed). A no-op
    /// on runtimes whose threads the OS preempts.
    /// </summary>
    public virtual ValueTask MaybeYieldAsync() => default;

    /// <summary>
    /// Sleeps for <paramref name="nanoseconds"/> with sub-millisecond accuracy (a timed sleep: <c>lwkt</c> uses its
    /// own timer and never blocks a worker; OS threads use <c>clock_nanosleep</c>).
    /// </summary>
    public abstract ValueTask SleepAsync(long nanoseconds);

    /// <summary>
    /// A blocking system call that takes <paramref name="nanoseconds"/> (a nanosleep in the kernel). On
    /// <c>lwkt</c> it is a message to the sysport, served off the workers; elsewhere the calling thread blocks.
    /// </summary>
    public abstract ValueTask BlockingCallAsync(long nanoseconds);

    /// <summary>
    /// Reports the runtime's own counters, cumulative since it was created, each by its name
    /// (<see cref="RuntimeCounters.Report"/>); a counter the runtime does not keep is not reported, and the metrics
    /// over it stay empty. Caller: <see cref="CellRunner"/>, just outside the measured window, so this must not
    /// allocate and should be cheap. The default reports nothing.
    /// </summary>
    public virtual void ReadCounters(RuntimeCounters counters)
    {
    }

    /// <summary>
    /// Adds <c>key=value</c> facts about how this runtime ran to an iteration's detail column (every row carries them),
    /// e.g. which sysport backend served lwkt's blocking calls.
    /// </summary>
    public virtual void AddDetail(List<string> detail)
    {
    }

    /// <summary>Facts about this runtime for the result row and <c>list</c> (placement support, emulation).</summary>
    public virtual string Describe() => Name;

    /// <summary>
    /// The scheduler's state for a hang diagnosis, read from another OS thread while the cell runs (racy), or null
    /// when this runtime has none beyond what the OS shows (its threads are OS threads). The cell host writes it when
    /// the harness is about to kill a cell that timed out.
    /// </summary>
    public virtual string? DescribeState() => null;

    /// <summary>Stops the runtime's workers, if any.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the runtime's resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Insertion sort by id: k is small (a handful of locks), and it allocates nothing.</summary>
    protected static void SortById(RtLock[] locks, int count)
    {
        for (int i = 1; i < count; i++)
        {
            RtLock key = locks[i];
            int j = i - 1;
            while (j >= 0 && locks[j].Id > key.Id)
            {
                locks[j + 1] = locks[j];
                j--;
            }

            locks[j + 1] = key;
        }
    }
}
