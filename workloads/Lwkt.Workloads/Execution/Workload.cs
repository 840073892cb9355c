using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Execution;

/// <summary>
/// One iteration of a workload, written once against <see cref="Abstractions.WorkloadRuntime"/>. The runner
/// creates a fresh instance per iteration, calls <see cref="Prepare"/> on its own OS thread, starts
/// <see cref="ThreadCount"/> threads that each pass the start gate and run <see cref="RunThreadAsync"/>, then
/// calls <see cref="Validate"/> after every thread has ended.
/// </summary>
/// <remarks>
/// Rules for bodies: loop until <see cref="IterationContext.Stopping"/>, completing at least one op per counted
/// thread (a thread starved until after the stop extends the measured duration instead of reporting nothing, so
/// ops/duration stays honest); never spin-wait on another thread
/// (an LWKT thread that spins holds its virtual CPU, so the thread it waits for may never run) — wait on an
/// <see cref="Abstractions.RtEvent"/>, a port or a join instead; call <c>MaybeYieldAsync</c> once per op in
/// loops that may never block, so cooperative runtimes can preempt; report ops through
/// <see cref="IterationContext.AddOps"/> once at the end of the loop.
/// </remarks>
internal abstract class Workload
{
    private IterationContext? _context;

    /// <summary>Creates the workload of one iteration of a cell with <paramref name="settings"/>.</summary>
    protected Workload(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Threads = settings.Threads;
    }

    /// <summary>The iteration's context; set before <see cref="Prepare"/>.</summary>
    protected IterationContext Context => _context ?? throw new InvalidOperationException("workload not attached");

    /// <summary>The cell's thread count, T.</summary>
    protected int Threads { get; }

    /// <summary>The number of threads to start: T, unless the workload derives its own from it (pairs, stages, waiters).</summary>
    public virtual int ThreadCount => Threads;

    /// <summary>The CPU for each thread, or <see langword="null"/> to let the runtime place them.</summary>
    public virtual Func<int, int>? CpuOf => null;

    /// <summary>Why this cell (its parameters with its cores and threads) cannot run; null when it can.</summary>
    public virtual string? CellUnsupportedReason => null;

    /// <summary>
    /// Whether an iteration lasts the duration it is given (true), or does a fixed amount of work whatever the
    /// duration (a count-based cell): the JIT stage's very short iterations are only for the first kind.
    /// </summary>
    public virtual bool IsTimeBased => true;

    /// <summary>Whether thread <paramref name="thread"/>'s ops count (servers and hogs do not).</summary>
    public virtual bool IsCounted(int thread) => true;

    /// <summary>Memory per thread, for workloads that measure it.</summary>
    public virtual double? BytesPerThread => null;

    /// <summary>
    /// Observed placement for workloads that place threads: the share of sampled exchanges whose two sides ran on
    /// different CPUs (<c>sched_getcpu</c>); null for workloads without placement.
    /// </summary>
    public virtual double? CrossCpuShare => null;

    /// <summary>Attaches the context and prepares shared state.</summary>
    public void Attach(IterationContext context)
    {
        _context = context;
        Prepare();
    }

    /// <summary>Creates locks, ports and shared state; runs on the runner's OS thread before any workload thread.</summary>
    protected virtual void Prepare()
    {
    }

    /// <summary>Creates <paramref name="count"/> exclusive locks named <c>prefix-0</c>, <c>prefix-1</c>, ... in that order. Caller: <see cref="Prepare"/>.</summary>
    protected RtLock[] CreateLocks(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Context.Runtime.CreateLock($"{prefix}-{i}"))];

    /// <summary>Creates <paramref name="count"/> reader/writer locks named <c>prefix-0</c>, ... in that order. Caller: <see cref="Prepare"/>.</summary>
    protected RtRwLock[] CreateRwLocks(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Context.Runtime.CreateRwLock($"{prefix}-{i}"))];

    /// <summary>The body of thread <paramref name="thread"/>, entered after the start gate opened.</summary>
    public abstract ValueTask RunThreadAsync(int thread);

    /// <summary>Checks the workload's own result after all threads ended; reports failures to the context.</summary>
    public abstract void Validate();

    /// <summary>
    /// For a workload whose threads all count and each keep a count of their own that must equal their ops (a
    /// private counter, a mark per op): reports every thread <i>i</i> whose <paramref name="countOf"/>(i) differs,
    /// naming the count as <paramref name="what"/>. Caller: <see cref="Validate"/>.
    /// </summary>
    protected void CheckOneCountPerOp(Func<int, long> countOf, string what)
    {
        ArgumentNullException.ThrowIfNull(countOf);
        long[] ops = Context.CountedOps();
        for (int i = 0; i < ops.Length; i++)
        {
            long count = countOf(i);
            if (count != ops[i])
            {
                Context.Violation($"thread {i}'s {what} is {count} after {ops[i]} ops");
            }
        }
    }

    /// <summary>Adds workload-specific figures (<c>k=v</c>) to the result's detail column.</summary>
    public virtual void AddDetail(ICollection<string> detail)
    {
    }
}
