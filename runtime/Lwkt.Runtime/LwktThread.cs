using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Lwkt.Runtime;

/// <summary>
/// A light-weight kernel thread (lwkt: struct thread): a stackless coroutine — an async method — run by one
/// virtual CPU, which owns it (td_gd). Its blocking points are LWKT operations returning a <see cref="ValueTask"/>
/// whose source is the thread itself, so blocking allocates nothing: the awaiter hands the continuation to
/// <see cref="IValueTaskSource.OnCompleted"/>, the method returns to the CPU's scheduler (the switch), and the
/// scheduler resumes it by invoking that continuation on the thread's CPU.
/// </summary>
/// <remarks>
/// <para>The thread is also its own <see cref="SynchronizationContext"/>, current while it runs: awaiting any
/// foreign task inside it posts the continuation back here, and the thread, blocked meanwhile (tokens released),
/// resumes on its own CPU. <c>ConfigureAwait(false)</c> inside an LWKT thread leaves the runtime and is
/// unsupported.</para>
/// <para>The flags of <see cref="ValueTaskSourceOnCompletedFlags"/> are ignored on purpose: an LWKT continuation
/// always resumes on its own CPU with its own context, and never flows an ExecutionContext.</para>
/// <para>Partial files: .Scheduling.cs (blocking, waking, exit, join), .Tokens.cs (the token stack), .Port.cs (the
/// thread's port), .Rare.cs (the fields few threads use, kept off the thread object).</para>
/// </remarks>
public sealed partial class LwktThread : SynchronizationContext, IValueTaskSource, IValueTaskSource<int>
{
    /// <summary>Owning CPU (lwkt: td_gd). Written by the owner only, or by the giver during a migration.</summary>
    internal VirtualCpu _cpu;

    /// <summary>Run-queue links; owned by <see cref="RunQueue"/>.</summary>
    internal LwktThread? _runNext;

    /// <summary>Run-queue links; owned by <see cref="RunQueue"/>.</summary>
    internal LwktThread? _runPrev;

    /// <summary>True while linked on a run queue (lwkt: TDF_RUNQ).</summary>
    internal bool _onRunQueue;

    /// <summary>Critical-section depth (lwkt: td_critcount).</summary>
    internal int _critCount;

    internal ThreadState _state;
    private int _priority;
    private int _waitVersion;
    private int _waitResult;
    private bool _pinned;

    /// <summary>
    /// Moved to its waker's CPU by the wake-affinity rule (VirtualCpu.Placement.cs) and not yet seen to use its CPU by
    /// yielding: work requests leave it where it is. Changes only while the thread is neither queued nor on another CPU's
    /// way (<see cref="RunQueue"/> counts the movable threads it holds).
    /// </summary>
    internal bool _wakeAffine;

    /// <summary>
    /// What resumes the thread: an <see cref="Action{T}"/> from an awaiter, or a posted callback, with its state. Valid
    /// only while <see cref="_resumeArmed"/>; kept after the resume, so the next registration of the same continuation
    /// (an async method's box awaits again and again) stores nothing and pays no GC write barrier. Before the first run
    /// (nothing armed) it holds the body, a <see cref="Func{T, TResult}"/>, and its argument: the slot is free then, and
    /// a thread parked by the million is smaller by two fields.
    /// </summary>
    private object? _resume;
    private object? _resumeState;

    /// <summary>A continuation is registered and not yet run: the next <see cref="Resume"/> invokes it.</summary>
    private bool _resumeArmed;

    private ValueTask _body;

    internal LwktThread(VirtualCpu cpu, Func<object?, ValueTask> start, object? state, int priority, bool pinned, long id)
    {
        _cpu = cpu;
        _resume = start;
        _resumeState = state;
        _priority = priority;
        _pinned = pinned;
        Id = id;
    }

    /// <summary>
    /// The running LWKT thread, or null outside the runtime (lwkt: curthread). Found from the stack pointer
    /// (<see cref="VirtualCpu.Calling"/>), the thread-static read only off the workers' stacks: the workloads' port adapter
    /// asks it twice per round trip.
    /// </summary>
    public static new LwktThread? Current => VirtualCpu.Calling?.CurrentThread;

    /// <summary>A process-unique id, never 0: its runtime's number and <see cref="Number"/> (LwktRuntime.NextThreadId).</summary>
    public long Id { get; }

    /// <summary>Creation number within its runtime (1, 2, ...): stable across deterministic replays.</summary>
    public int Number => (int)(Id & ((1L << LwktRuntime.ThreadNumberBits) - 1));

    /// <summary>The CPU that owns the thread now.</summary>
    public VirtualCpu Cpu => Volatile.Read(ref _cpu);

    /// <summary>Priority 0..31 (lwkt: td_pri).</summary>
    public int PriorityLevel => _priority;

    /// <summary>True for a thread created on a chosen CPU: work distribution never moves it.</summary>
    public bool IsPinned => _pinned;

    /// <summary>True when a work request may move this thread: neither pinned nor kept by wake affinity.</summary>
    internal bool IsMovable => !(_pinned | _wakeAffine);

    /// <summary>True once the thread has finished (normally or by an exception).</summary>
    public bool IsExited => Volatile.Read(ref Unsafe.As<ThreadState, int>(ref _state)) == (int)ThreadState.Exited;

    /// <summary>
    /// Current thread or an exception naming the misuse: one thread-static read and one field load, inlined into every
    /// operation (the throw stays out of line so the JIT inlines it).
    /// </summary>
    internal static LwktThread Self
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => VirtualCpu.CurrentThreadOrNull ?? ThrowNotInThread();
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static LwktThread ThrowNotInThread() => throw new InvalidOperationException(
        "This LWKT operation must be called from inside an LWKT thread.");

    // ---- IValueTaskSource: the thread is the source of every ValueTask its blocking points return. ----

    /// <summary>
    /// Pending until the scheduler resumes the thread. A stale token (awaiting the same result twice) fails.
    /// </summary>
    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => GetStatusCore(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => GetStatusCore(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => OnCompletedCore(continuation, state, token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => OnCompletedCore(continuation, state, token);

    void IValueTaskSource.GetResult(short token)
    {
        CheckToken(token);
        if (_rare?.JoinTarget is not null)
        {
            FinishJoin();
        }
    }

    int IValueTaskSource<int>.GetResult(short token)
    {
        CheckToken(token);
        return _waitResult;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ValueTaskSourceStatus GetStatusCore(short token)
    {
        CheckToken(token);
        return _state == ThreadState.Running ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Pending;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void OnCompletedCore(Action<object?> continuation, object? state, short token)
    {
        CheckToken(token);
        SetResume(continuation, state);
    }

    /// <summary>
    /// Registers what the next <see cref="Resume"/> runs. A reference that is already there is not stored again: two
    /// GC write barriers a switch, about a tenth of a same-CPU yield (perf, lwkt yield at 1 core).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetResume(object continuation, object? state)
    {
        if (!ReferenceEquals(_resume, continuation))
        {
            _resume = continuation;
        }

        if (!ReferenceEquals(_resumeState, state))
        {
            _resumeState = state;
        }

        _resumeArmed = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckToken(short token)
    {
        if (token != (short)_waitVersion)
        {
            ThrowStaleToken();
        }
    }

    private static void ThrowStaleToken() => throw new InvalidOperationException(
        "An LWKT ValueTask was awaited twice or after the thread moved on; await each result once, immediately.");

    // ---- SynchronizationContext: foreign awaits come back to the thread's CPU. ----

    /// <summary>Queues <paramref name="d"/> to resume this thread on its own CPU (any OS thread may call it).</summary>
    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        Volatile.Read(ref _cpu).SendExternal(s_resumePosted, new PostedResume(this, d, state), 0);
    }

    /// <summary>Runs <paramref name="d"/> at once when called from this thread; otherwise unsupported.</summary>
    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (Current != this)
        {
            throw new NotSupportedException("Synchronous Send into an LWKT thread from outside it is not supported.");
        }

        d(state);
    }

    /// <summary>The context is the thread; copies are the same object.</summary>
    public override SynchronizationContext CreateCopy() => this;

    private sealed record PostedResume(LwktThread Thread, SendOrPostCallback Callback, object? State);

    /// <summary>IPI handler on the owner CPU: resume a thread whose foreign await completed.</summary>
    private static readonly Action<object?, long> s_resumePosted = ResumePosted;

    private static void ResumePosted(object? arg, long unused)
    {
        var post = (PostedResume)arg!;
        LwktThread td = post.Thread;
        if (td._cpu != VirtualCpu.Mine)
        {
            // The thread moved since the post was addressed: chase it (lwkt: remote handlers re-IPI).
            VirtualCpu.Mine.SendIpi(td._cpu, s_resumePosted, post, 0);
            return;
        }

        if (td._state == ThreadState.ForeignWait && td._rare?.LaterPosts is not { Count: > 0 })
        {
            td.ResumeWith(post);
        }
        else if (td._state == ThreadState.Exited)
        {
            // The flow outlived its thread: it gets an LWKT thread of its own on this CPU, never a pool thread.
            td._cpu.Runtime.SpawnCore(s_runOrphanPost, post, td._cpu.Id, Priority.Default, migratable: false);
        }
        else
        {
            // The thread is busy with its one flow (running, runnable or blocked on an LWKT wait): a second flow (an
            // async call that outlived its await) must not run beside it. As a reply to a thread port that is not
            // waiting is queued until the thread waits (lwkt_replymsg), the continuation waits here until the thread
            // next waits for a foreign completion (DeliverLaterPost), and then runs as the thread, on its CPU.
            (td.Rare.LaterPosts ??= new Queue<PostedResume>()).Enqueue(post);
        }
    }

    /// <summary>True when the next run resumes a continuation posted by a foreign completion.</summary>
    internal bool ResumesFromPost => _resumeArmed && _resume is SendOrPostCallback;

    /// <summary>
    /// Set around a sysport call's wait, only when that planted bug is on (<see cref="Diagnostics.PlantedBugs"/>): in the
    /// side object, so the flag costs the thread object nothing. Caller: the thread itself.
    /// </summary>
    internal bool PlantedSysPortWait
    {
        get => _rare?.PlantedSysPortWait == true;
        set => Rare.PlantedSysPortWait = value;
    }

    private void ResumeWith(PostedResume post)
    {
        SetResume(post.Callback, post.State);
        _cpu.MakeRunnable(this);
    }

    /// <summary>
    /// The thread has just entered a foreign wait: run the oldest continuation posted while it was busy, if any. Caller:
    /// the owner CPU's scheduler, right after the switch.
    /// </summary>
    internal void DeliverLaterPost()
    {
        if (_rare?.LaterPosts is { Count: > 0 } posts)
        {
            ResumeWith(posts.Dequeue());
        }
    }

    /// <summary>
    /// The thread exits with continuations still queued: each runs as a new LWKT thread on this CPU. Caller: the owner
    /// CPU, at exit.
    /// </summary>
    internal void SpawnLaterPostsOnExit()
    {
        while (_rare?.LaterPosts is { Count: > 0 } posts)
        {
            _cpu.Runtime.SpawnCore(s_runOrphanPost, posts.Dequeue(), _cpu.Id, Priority.Default, migratable: false);
        }
    }

    private static readonly Func<object?, ValueTask> s_runOrphanPost = static p =>
    {
        var post = (PostedResume)p!;
        post.Callback(post.State);
        return default;
    };
}
