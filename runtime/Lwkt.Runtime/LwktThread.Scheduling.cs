using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lwkt.Runtime;

public sealed partial class LwktThread
{
    /// <summary>Result of a wait that was woken (lwkt: 0).</summary>
    public const int WokenResult = 0;

    /// <summary>Result of a wait that timed out (lwkt: EWOULDBLOCK).</summary>
    public const int TimedOutResult = 35;

    private object? _joiners;

    /// <summary>Sleep-queue state; touched only on the thread's own CPU.</summary>
    internal object? _sleepIdent;

    /// <summary>The blocking point a wakeup of the current sleep must name.</summary>
    internal int _sleepVersion;

    /// <summary>True while on a sleep bucket (lwkt: TDF_TSLEEPQ).</summary>
    internal bool _sleepQueued;

    /// <summary>Bucket links; owned by the thread's CPU (<see cref="VirtualCpu"/>.Sleep.cs).</summary>
    internal LwktThread? _sleepNext;

    /// <summary>Bucket links; owned by the thread's CPU.</summary>
    internal LwktThread? _sleepPrev;

    /// <summary>Identifies the current blocking point; a wake names it so a stale wake is ignored.</summary>
    internal int WaitVersion => _waitVersion;

    /// <summary>
    /// Turns the running thread's current operation into a switch: the caller has already put the thread where it
    /// will be found (run queue, sleep queue, a waiter list) and set <see cref="_state"/>. Must be called by the
    /// running thread itself, and the result awaited at once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ValueTask BlockPoint() => new(this, (short)++_waitVersion);

    /// <summary>Retires a reserved blocking point that was never used, so a late wake naming it is ignored.</summary>
    internal void SkipWaitVersion() => _waitVersion++;

    /// <summary>
    /// Blocks the running thread at a new blocking point without building its ValueTask yet: the caller records
    /// <see cref="WaitVersion"/> where the wake will find it, and whoever returns the wait builds the kind of ValueTask
    /// it returns (<see cref="ReservedBlockPoint"/>, <see cref="ReservedBlockPointWithResult"/>). Same rules as
    /// <see cref="BlockPoint"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void BlockAtNewPoint()
    {
        _state = ThreadState.Blocked;
        _waitVersion++;
    }

    /// <summary>The blocking point of the last <see cref="BlockAtNewPoint"/>, awaited without its result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ValueTask ReservedBlockPoint() => new(this, (short)_waitVersion);

    /// <summary>The blocking point of the last <see cref="BlockAtNewPoint"/>, reporting the wait's result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ValueTask<int> ReservedBlockPointWithResult() => new(this, (short)_waitVersion);

    /// <summary>As <see cref="BlockPoint"/>, for operations that report a result (woken or timed out).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ValueTask<int> BlockPointWithResult() => new(this, (short)++_waitVersion);

    /// <summary>
    /// Yields the CPU: the thread goes to the tail of its priority level and every other runnable thread of that
    /// level runs before it again (lwkt 2003: lwkt_yield = schedule_self + switch). Tokens are released during the
    /// switch and held again when it returns.
    /// </summary>
    public static ValueTask YieldAsync() => Self.Yield();

    /// <summary>
    /// A preemption point (lwkt: lwkt_yield with lwkt_resched_wanted, after splz). Pending IPIs and due timers of this
    /// CPU are serviced here; then the thread yields only if a thread of higher priority is runnable, or another
    /// thread waits and this one has used its time slice (<see cref="LwktRuntimeOptions.TimeSlice"/>, counted from the
    /// first preemption point that saw the competition). With nothing else to run it costs a few loads and no clock
    /// read: cheap enough for tight loops. The scheduling rules are in docs/scheduler.md.
    /// </summary>
    public static ValueTask MaybeYieldAsync()
    {
        LwktThread? td = VirtualCpu.ThreadToPreempt();
        return td is null ? default : td.Yield();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueTask Yield()
    {
        RequeueSelf();
        return BlockPoint();
    }

    /// <summary>The running thread goes back to the tail of its level (lwkt 2003: lwkt_yield's schedule_self).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RequeueSelf()
    {
        // A thread that yields uses its CPU: wake affinity no longer keeps it from an idle CPU's work request.
        _wakeAffine = false;
        _state = ThreadState.Runnable;
        _cpu.EnqueueLocal(this);
    }

    /// <summary>
    /// The yield of an awaiter outside the runtime (an <see cref="ICriticalNotifyCompletion"/> whose
    /// <c>UnsafeOnCompleted</c> calls this): the running thread goes to the tail of its level as with
    /// <see cref="YieldAsync"/>, and resumes by invoking <paramref name="continuation"/>, the awaiting method's
    /// <c>MoveNext</c>. Awaiting <see cref="YieldAsync"/>'s <see cref="ValueTask"/> costs three <c>is Task</c> casts and
    /// three interface calls on this thread (status, completion, result); such an awaiter costs none (the workloads'
    /// yield). Caller: the running thread itself, from the awaiter's completion callback, returning to the scheduler at
    /// once; the awaiter reports itself pending and its result empty. The awaiter finds the thread (<see cref="Current"/>)
    /// when the yield is called, as <see cref="YieldAsync"/> does, so a call outside an LWKT thread fails there.
    /// </summary>
    public void YieldThen(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (_state != ThreadState.Running || _cpu.CurrentThread != this)
        {
            ThrowNotInThread();
        }

        // Past the check, the thread is its CPU's running thread; only a call from another OS thread is left to catch.
        Debug.Assert(VirtualCpu.CurrentThreadOrNull == this, $"thread {Id} yields from another OS thread");

        RequeueThen(continuation);
    }

    /// <summary>
    /// <see cref="YieldThen"/> for an awaiter that does not carry its thread: the running thread is the caller's, found
    /// from the stack pointer (<see cref="VirtualCpu.Calling"/>), which spares the awaiter a reference (the workloads'
    /// yield keeps its awaiter to one reference; docs/scheduler.md). Outside an LWKT thread it throws.
    /// </summary>
    public static void YieldCurrentThen(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        LwktThread td = VirtualCpu.Calling?.CurrentThread ?? ThrowNotInThread();
        td.RequeueThen(continuation);
    }

    /// <summary>The yield of <see cref="YieldThen"/>: requeued, resuming with <paramref name="continuation"/>. Caller: the running thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RequeueThen(Action continuation)
    {
        RequeueSelf();
        SkipWaitVersion();
        SetResume(continuation, null);
    }

    /// <summary>
    /// Blocks the calling thread for <paramref name="duration"/> on its CPU's timer: the worker keeps running other
    /// threads, and the thread's tokens are released meanwhile. Sub-millisecond accurate.
    /// </summary>
    public static ValueTask SleepAsync(TimeSpan duration)
    {
        LwktThread td = Self;
        if (duration <= TimeSpan.Zero)
        {
            return YieldAsync();
        }

        td._state = ThreadState.Blocked;
        ValueTask vt = td.BlockPoint();
        td._cpu.AddTimer(td, td._waitVersion, td._cpu.Now + VirtualCpu.ToTicks(duration), null);
        return vt;
    }

    /// <summary>
    /// Changes this thread's priority (lwkt: lwkt_setpri_self). Like DragonFly it does not switch by itself: call
    /// <see cref="YieldAsync"/> to let a now higher thread run.
    /// </summary>
    public static void SetPriority(int priority)
    {
        if ((uint)priority >= Priority.Levels)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "LWKT priorities are 0..31.");
        }

        LwktThread td = Self;
        td._priority = priority;
        if (td._cpu.HasQueuedAbove(priority))
        {
            // Lowered below a queued thread: switch at the next preemption point (lwkt: need_lwkt_resched).
            td._cpu.RequestResched();
        }
    }

    /// <summary>
    /// Migrates the calling thread to <paramref name="target"/> (lwkt: lwkt_setcpu_self): it switches out, and the
    /// target CPU enqueues it only after it is off this CPU. Tokens are re-acquired there before it continues.
    /// The thread becomes pinned to its new CPU for work distribution.
    /// </summary>
    public static ValueTask SetCpuAsync(VirtualCpu target)
    {
        ArgumentNullException.ThrowIfNull(target);
        LwktThread td = Self;
        if (target == td._cpu)
        {
            return default;
        }

        if (target.Runtime != td._cpu.Runtime)
        {
            throw new ArgumentException("The target CPU belongs to another runtime.", nameof(target));
        }

        td._state = ThreadState.Runnable;
        td.Rare.MigrateTo = target;
        td._pinned = true;
        return td.BlockPoint();
    }

    /// <summary>
    /// The CPU <see cref="SetCpuAsync"/> asked for, taken by the scheduler once the thread is off this CPU (it sends the
    /// thread there); null otherwise.
    /// </summary>
    internal VirtualCpu? TakeMigrateTo()
    {
        VirtualCpu? target = _rare?.MigrateTo;
        if (target is not null)
        {
            _rare!.MigrateTo = null;
        }

        return target;
    }

    /// <summary>
    /// Wakes this thread from the blocking point <paramref name="version"/> with <paramref name="result"/>. Any
    /// worker may call it (a remote owner gets an IPI); a wake for a blocking point the thread has left is ignored,
    /// so each wait is woken at most once.
    /// </summary>
    internal void Wake(int version, int result)
    {
        VirtualCpu? mine = VirtualCpu.Current;
        VirtualCpu owner = Volatile.Read(ref _cpu);
        long arg = ((long)version << 32) | (uint)result;
        if (mine == owner)
        {
            WakeLocal(arg);
        }
        else if (mine is not null)
        {
            // The handler is bound to the waker's CPU: the owner may move the thread there (wake affinity).
            mine.SendIpi(owner, mine.WakeFromHere, this, arg);
        }
        else
        {
            owner.SendExternal(s_wakeExternal, this, arg);
        }
    }

    private void WakeLocal(long arg)
    {
        int version = (int)(arg >> 32);
        if ((_state == ThreadState.Blocked) & (_waitVersion == version))
        {
            _waitResult = (int)arg;
            _cpu.MakeRunnableWoken(this);
        }
    }

    /// <summary>A wake from outside the runtime's workers: no waker CPU to move toward.</summary>
    private static readonly Action<object?, long> s_wakeExternal = static (arg, arg2) => WakeRemote(null, arg, arg2);

    /// <summary>
    /// IPI handler on the owner CPU for a wake sent by <paramref name="waker"/> (null: from outside the workers). Chases a
    /// thread that migrated since the wake was addressed; otherwise the owner either wakes it here or, by the
    /// wake-affinity rule, moves it to the waker's CPU woken (<see cref="VirtualCpu.MovesTowardWaker"/>,
    /// docs/scheduler.md). Either way the owner moves its own thread: nothing is taken behind its back.
    /// </summary>
    internal static void WakeRemote(VirtualCpu? waker, object? arg, long arg2)
    {
        var td = (LwktThread)arg!;
        VirtualCpu mine = VirtualCpu.Mine;
        if (td._cpu != mine)
        {
            mine.SendIpi(td._cpu, waker?.WakeFromHere ?? s_wakeExternal, td, arg2);
            return;
        }

        int version = (int)(arg2 >> 32);
        if (waker is not null && (td._state == ThreadState.Blocked) & (td._waitVersion == version) && mine.MovesTowardWaker(td, waker))
        {
            td._waitResult = (int)arg2;
            td._state = ThreadState.Runnable;
            mine.GiveAwayWoken(td, waker);
            return;
        }

        td.WakeLocal(arg2);
    }

    /// <summary>
    /// Counts a wake of this blocked thread by <paramref name="waker"/>, a CPU other than its own; true once that CPU has
    /// woken it <paramref name="needed"/> times in a row (a wake from a third CPU starts a new streak), and the streak
    /// restarts. Caller: the owner CPU, in the wake's IPI handler.
    /// </summary>
    internal bool CountRemoteWake(VirtualCpu waker, int needed)
    {
        RareState rare = Rare;
        if (rare.RemoteWaker != waker)
        {
            rare.RemoteWaker = waker;
            rare.RemoteWakes = 0;
        }

        if (++rare.RemoteWakes < needed)
        {
            return false;
        }

        rare.RemoteWakes = 0;
        return true;
    }

    /// <summary>
    /// Runs the thread until its next blocking point. Called only by the owning CPU's scheduler, with
    /// <see cref="_state"/> already <see cref="ThreadState.Running"/> and its tokens held.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Resume()
    {
        if (_resumeArmed)
        {
            // Disarmed before the call: the continuation may register the next one before it returns.
            _resumeArmed = false;
            object? state = _resumeState;

            // Told apart by exact type: delegate types are sealed, so each kind is exactly its type. `is Action<object?>`
            // compiled to a type compare and, when it failed, a call to the cast helper for variant types (Action<in T> is
            // contravariant): every resume of an outside awaiter's Action (the workloads' yield and port waits) paid that
            // call (tier-1 disassembly of Step, yield at 1 core: CORINFO_HELP_ISINSTANCEOFANY per switch).
            object resume = _resume!;
            if (resume.GetType() == typeof(Action))
            {
                // An outside awaiter's continuation (YieldThen, ResumeThen).
                Unsafe.As<Action>(resume)();
            }
            else if (resume.GetType() == typeof(Action<object?>))
            {
                Unsafe.As<Action<object?>>(resume)(state);
            }
            else
            {
                ((SendOrPostCallback)resume)(state);
            }
        }
        else if (_resume is Func<object?, ValueTask> start)
        {
            StartBody(start);
        }

        // Otherwise the body returned one of this thread's own blocking points without awaiting it
        // (`Spawn(() => t.JoinAsync())`): nothing registered a continuation, and now that the thread runs again that
        // ValueTask is complete, so the scheduler finds the body finished (BodyFinished consumes its result).
    }

    private void StartBody(Func<object?, ValueTask> start)
    {
        object? startState = _resumeState;
        _resume = null;
        _resumeState = null;
        try
        {
            // The body's ValueTask is kept, not awaited: the scheduler polls IsCompleted after runs that registered no
            // LWKT blocking point, and consumes it exactly once when it has completed (BodyFinished). A body that
            // returned complete is consumed here instead (a fault throws into the catch below) and not kept: the field
            // stays default, which BodyFinished finds complete. Storing the ValueTask cost a GC write barrier per spawn
            // in the spawn workload, whose children all return so.
#pragma warning disable CA2012
            ValueTask body = start(startState);
#pragma warning restore CA2012
            if (body.IsCompleted)
            {
                body.GetAwaiter().GetResult();
            }
            else
            {
                _body = body;
            }
        }
        catch (Exception e)
        {
            Rare.Fault = e;
        }
    }

    /// <summary>
    /// After a run that registered no LWKT blocking point: true when the body has finished (the thread exits),
    /// false when it awaits a foreign task (it waits for the context post).
    /// </summary>
    internal bool BodyFinished()
    {
        if (_rare?.Fault is not null)
        {
            return true;
        }

        if (!_body.IsCompleted)
        {
            return false;
        }

        try
        {
            _body.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Rare.Fault = e;
        }

        _body = default;
        return true;
    }

    /// <summary>
    /// Drops the thread's run-queue links, which the queue leaves stale once it is off the queue (<see cref="RunQueue"/>):
    /// an exited thread must not keep the threads it last queued beside reachable. Null stores: no write barrier. Caller:
    /// the owner CPU, as the thread exits.
    /// </summary>
    internal void ClearRunLinks()
    {
        _runNext = null;
        _runPrev = null;
    }

    /// <summary>
    /// Finishes the thread on its owner CPU: state Exited, tokens released, joiners woken. An exception that ended
    /// the body is kept for the joiners; it never reaches the worker.
    /// </summary>
    internal void OnExit()
    {
        _state = ThreadState.Exited;
        _resume = null;
        _resumeState = null;
        SpawnLaterPostsOnExit();
        ReleaseAllTokensOnExit();

        // The exchange closes the joiner slot: a joiner that links after it sees the marker and does not wait.
        object? joiners = Interlocked.Exchange(ref _joiners, s_exitedMarker);
        if (joiners is LwktThread one)
        {
            one.Wake(one._waitVersion, WokenResult);
        }
        else if (joiners is JoinState many)
        {
            lock (many)
            {
                // No joiner is added after this: the list and the event are final.
                many.Closed = true;
            }

            many.Event?.Set();
            foreach (Joiner j in many.Threads)
            {
                j.Thread.Wake(j.Version, WokenResult);
            }
        }
    }

    /// <summary>
    /// Waits for this thread to finish from inside another LWKT thread, then rethrows the exception that ended it,
    /// wrapped in an <see cref="LwktThreadException"/>.
    /// </summary>
    public ValueTask JoinAsync() => JoinCore(rethrowAsIs: false);

    /// <summary>
    /// As <see cref="JoinAsync"/>, but rethrows the exception that ended the thread as is (its type, and its stack trace
    /// through <see cref="System.Runtime.ExceptionServices.ExceptionDispatchInfo"/>), for a caller that promises the
    /// thread's own exception. Unwrapping in an async method around <see cref="JoinAsync"/> cost that method's box a
    /// resume by a post to the joiner's context whenever the join waited (an allocation and a trip through the CPU's
    /// external queue: a tenth of the worker's samples in the spawn workload at 1 core).
    /// </summary>
    public ValueTask JoinRethrowingAsIsAsync() => JoinCore(rethrowAsIs: true);

    private ValueTask JoinCore(bool rethrowAsIs)
    {
        // The joiner found from the stack pointer (as Self, without its thread-static read: one per join, so one per
        // child in the spawn workload).
        LwktThread me = VirtualCpu.Calling?.CurrentThread ?? ThrowNotInThread();
        if (me == this)
        {
            throw new InvalidOperationException("A thread cannot join itself.");
        }

        if (Volatile.Read(ref _joiners) != s_exitedMarker)
        {
            me._state = ThreadState.Blocked;
            ValueTask vt = me.BlockPoint();

            // The joiner rethrows this thread's fault from its own GetResult: no wrapper state machine, and the common
            // single joiner is linked directly, by one compare-exchange (no allocation, no lock).
            RareState rare = me.Rare;
            rare.JoinTarget = this;
            rare.JoinRethrowsAsIs = rethrowAsIs;
            if (LinkJoiner(me))
            {
                return vt;
            }

            // It exited meanwhile: the reserved blocking point is never awaited, and no wake names it.
            me._state = ThreadState.Running;
            rare.JoinTarget = null;
        }

        ThrowIfFaulted(rethrowAsIs);
        return default;
    }

    /// <summary>
    /// Links <paramref name="me"/>, blocked at its current blocking point, as a joiner of this thread: into the empty
    /// slot, or by promoting a single joiner to a list, or into the list. Returns false when this thread has exited.
    /// </summary>
    private bool LinkJoiner(LwktThread me)
    {
        object? cur = Volatile.Read(ref _joiners);
        while (true)
        {
            if (cur == s_exitedMarker)
            {
                return false;
            }

            object? seen;
            if (cur is null)
            {
                seen = Interlocked.CompareExchange(ref _joiners, me, null);
            }
            else if (cur is LwktThread one)
            {
                // `one` is blocked at the version it linked with until this thread's exit wakes it.
                var state = new JoinState();
                state.Threads.Add(new Joiner(one, one._waitVersion));
                state.Threads.Add(new Joiner(me, me._waitVersion));
                seen = Interlocked.CompareExchange(ref _joiners, state, one);
            }
            else
            {
                return ((JoinState)cur).TryAdd(new Joiner(me, me._waitVersion));
            }

            if (seen == cur)
            {
                return true;
            }

            cur = seen;
        }
    }

    /// <summary>Blocks a non-LWKT OS thread until this thread finishes, then rethrows its exception.</summary>
    public void Join() => Join(Timeout.InfiniteTimeSpan);

    /// <summary>
    /// As <see cref="Join()"/>, but gives up after <paramref name="timeout"/>: returns false if the thread is still
    /// running then (its exception, if it ends with one later, is not thrown).
    /// </summary>
    public bool Join(TimeSpan timeout)
    {
        if (Current is not null)
        {
            throw new InvalidOperationException("An LWKT thread must use JoinAsync: a blocking join would stall its CPU.");
        }

        LwktRuntime runtime = _cpu.Runtime;
        if (runtime.IsDeterministic)
        {
            // No workers: the joiner drives the seeded interleaving until this thread is done.
            runtime.Drive(() => IsExited);
            ThrowIfFaulted();
            return true;
        }

        ManualResetEventSlim? evt = null;
        object? cur = Volatile.Read(ref _joiners);
        while (cur != s_exitedMarker)
        {
            if (cur is JoinState many)
            {
                evt = many.TryGetEvent();
                break;
            }

            var state = new JoinState { Event = new ManualResetEventSlim(false, 0) };
            if (cur is LwktThread one)
            {
                state.Threads.Add(new Joiner(one, one._waitVersion));
            }

            object? seen = Interlocked.CompareExchange(ref _joiners, state, cur);
            if (seen == cur)
            {
                evt = state.Event;
                break;
            }

            cur = seen;
        }

        if (evt is not null && !evt.Wait(timeout))
        {
            return false;
        }

        ThrowIfFaulted();
        return true;
    }

    /// <summary>Completes a join when it returns: rethrows the joined thread's fault (called from GetResult).</summary>
    private void FinishJoin()
    {
        LwktThread? target = _rare?.JoinTarget;
        if (target is not null)
        {
            _rare!.JoinTarget = null;
            target.ThrowIfFaulted(_rare.JoinRethrowsAsIs);
        }
    }

    private void ThrowIfFaulted(bool asIs = false)
    {
        if (_rare?.Fault is Exception e)
        {
            if (asIs)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
            }

            throw new LwktThreadException(this, e);
        }
    }

    /// <summary>The exception that ended the thread, or null.</summary>
    public Exception? Fault => _rare?.Fault;

    private static readonly object s_exitedMarker = new();

    private sealed record Joiner(LwktThread Thread, int Version);

    /// <summary>
    /// Several joiners: LWKT threads to wake, and one event for every OS-thread joiner. Once published in
    /// <see cref="_joiners"/> it changes only under its own lock, until the exit closes it.
    /// </summary>
    private sealed class JoinState
    {
        public List<Joiner> Threads { get; } = [];

        public ManualResetEventSlim? Event { get; set; }

        /// <summary>Set by the exit under the lock: the lists are final.</summary>
        public bool Closed { get; set; }

        /// <summary>Adds an LWKT joiner; false when the thread has exited.</summary>
        public bool TryAdd(Joiner joiner)
        {
            lock (this)
            {
                if (Closed)
                {
                    return false;
                }

                Threads.Add(joiner);
                return true;
            }
        }

        /// <summary>The event an OS-thread joiner waits on, created on first use; null when the thread has exited.</summary>
        public ManualResetEventSlim? TryGetEvent()
        {
            lock (this)
            {
                return Closed ? null : Event ??= new ManualResetEventSlim(false, 0);
            }
        }
    }
}
