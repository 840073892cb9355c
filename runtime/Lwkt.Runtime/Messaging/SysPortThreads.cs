using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lwkt.Runtime.IoUring;
using Lwkt.Runtime.Native;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// The sysport's fallback backend (lwkt: sys_td and sysport_loop, without the 100 ms polling): an elastic pool of up to
/// <see cref="MaxThreads"/> dedicated OS threads that block in system calls so that workers never do — every call
/// where io_uring is missing or forbidden, and the calls no ring can make (arbitrary blocking delegates, as Go hands a
/// goroutine's blocking system call its own OS thread). Threads park on futexes of their own, start on demand and exit
/// after <see cref="IdleTimeout"/> idle.
/// </summary>
/// <remarks>
/// <para>The submit side runs on virtual CPU workers, so it never blocks: it queues the call (lock-free), then pops the
/// most recently parked thread (LIFO: its stack and caches are warm) and wakes exactly that one with a futex wake on
/// the thread's own word; with none parked, it asks the .NET thread pool to start one (starting an OS thread waits for
/// it, which a worker must not).</para>
/// <para>No lost call: a thread pushes itself on the idle stack before its last look at the queue, a submitter queues
/// before it pops; the stack's lock orders the two, so either the submitter pops (and wakes) the thread, or the thread
/// sees the call.</para>
/// <para>Exactly-once under abort: each queued send carries its sequence number and a claim word (sequence and phase)
/// on the call. A serving thread takes a send with one compare-and-swap Queued→Running; an abort takes it with
/// Queued→Aborted and replies itself. A running sleep can be interrupted (Running→AbortRequested and a wake of the
/// sleeping thread); any other running call completes normally. The loser of each race does nothing.</para>
/// </remarks>
internal sealed unsafe class SysPortThreads : SysPortServer
{
    /// <summary>How long an idle thread waits for work before it exits.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    private const long Queued = 1, Running = 2, Aborted = 3, AbortRequested = 4, Finished = 5;

    private static readonly WaitCallback s_startFromPool = static state => ((SysPortThreads)state!).StartThread();

    [ThreadStatic]
    private static Server? t_server;

    private readonly ConcurrentQueue<(SystemCallMessage Call, uint Seq)> _queue = new();
    private readonly Lock _idleLock = new();
    private readonly Server?[] _idle;
    private readonly string _name;
    private int _idleCount;
    private int _threads;
    private int _startRequested;
    private long _served;
    private long _started;

    public SysPortThreads(int maxThreads, string name)
    {
        MaxThreads = maxThreads;
        _name = name;
        _idle = new Server?[maxThreads];
    }

    /// <summary>Upper bound on live serving threads.</summary>
    public int MaxThreads { get; }

    /// <summary>Live serving threads now.</summary>
    public int Threads => Volatile.Read(ref _threads);

    /// <summary>Calls completed (replied).</summary>
    public long Served => Volatile.Read(ref _served);

    /// <summary>Threads started since creation.</summary>
    public long Started => Volatile.Read(ref _started);

    /// <summary>Queues a call and wakes a parked thread for it. Never blocks: callers are virtual CPU workers.</summary>
    public void Submit(SystemCallMessage call)
    {
        call._server = this;
        uint seq = call._sendSeq;
        Volatile.Write(ref call._claim, Claim(seq, Queued));
        _queue.Enqueue((call, seq));
        if (PopIdle() is Server parked)
        {
            parked.Wake();
        }
        else if (Volatile.Read(ref _threads) < MaxThreads && Interlocked.Exchange(ref _startRequested, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(s_startFromPool, this);
        }
    }

    /// <summary>Any thread: a queued send is taken back and replied Aborted; a running sleep is interrupted.</summary>
    internal override void Abort(SystemCallMessage call, uint seq)
    {
        long queued = Claim(seq, Queued);
        if (Interlocked.CompareExchange(ref call._claim, Claim(seq, Aborted), queued) == queued)
        {
            Interlocked.Increment(ref _served);
            call.Reply(MessageError.Aborted);
            return;
        }

        long running = Claim(seq, Running);
        if (call is NanosleepCall
            && Interlocked.CompareExchange(ref call._claim, Claim(seq, AbortRequested), running) == running)
        {
            call._runner?.Interrupt();
        }
    }

    /// <summary>
    /// The fallback sleep: waits on the serving thread's own futex word until the absolute CLOCK_MONOTONIC
    /// <paramref name="deadline"/>, or until its call is aborted (then -ECANCELED). Caller: a serving thread.
    /// </summary>
    internal static long SleepUntil(long deadline)
    {
        Server me = t_server ?? throw new InvalidOperationException("Only a sysport thread sleeps for a call.");
        return me.SleepUntil(deadline);
    }

    private static long Claim(uint seq, long phase) => ((long)seq << 8) | phase;

    /// <summary>Takes the most recently idle thread off the idle stack (the submitter then wakes it); null when none.</summary>
    internal Server? PopIdle()
    {
        if (Volatile.Read(ref _idleCount) == 0)
        {
            return null;
        }

        lock (_idleLock)
        {
            return _idleCount == 0 ? null : _idle[--_idleCount];
        }
    }

    /// <summary>Puts <paramref name="server"/> on the idle stack; it parks next. Caller: that serving thread.</summary>
    internal void PushIdle(Server server)
    {
        lock (_idleLock)
        {
            _idle[_idleCount++] = server;
        }
    }

    /// <summary>Takes <paramref name="server"/> off the idle stack; false when a submitter popped it (a wake is coming).</summary>
    internal bool TryRemoveIdle(Server server)
    {
        lock (_idleLock)
        {
            // An empty stack is the common way to lose the race: the submitter popped the only idle thread, this one.
            int i = _idleCount == 0 ? -1 : Array.LastIndexOf(_idle, server, _idleCount - 1, _idleCount);
            if (i < 0)
            {
                return false;
            }

            Array.Copy(_idle, i + 1, _idle, i, _idleCount - i - 1);
            _idle[--_idleCount] = null;
            return true;
        }
    }

    /// <summary>Starts one serving thread if under the bound. Blocks briefly: never call it on a worker.</summary>
    private void StartThread()
    {
        Volatile.Write(ref _startRequested, 0);
        while (true)
        {
            int n = Volatile.Read(ref _threads);
            if (n >= MaxThreads)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _threads, n + 1, n) == n)
            {
                break;
            }
        }

        Interlocked.Increment(ref _started);
        var server = new Server(this);
        var thread = new Thread(server.Serve, 256 * 1024) { IsBackground = true, Name = _name };
        thread.UnsafeStart();
    }

    /// <summary>Runs one send if it is still the current one and not aborted, and replies to it exactly once.</summary>
    private void Complete(Server server, SystemCallMessage call, uint seq)
    {
        call._runner = server;
        long queued = Claim(seq, Queued);
        if (Interlocked.CompareExchange(ref call._claim, Claim(seq, Running), queued) != queued)
        {
            return; // aborted while queued (and replied), or a stale entry of an earlier send
        }

        server.Current = call;
        server.CurrentSeq = seq;
        int error;
        try
        {
            error = call.Invoke();
        }
#pragma warning disable CA1031 // The failure belongs to the caller: it travels back in the reply.
        catch (Exception e)
#pragma warning restore CA1031
        {
            call.Exception = e;
            error = MessageError.IOError;
        }

        server.Current = null;
        Volatile.Write(ref call._claim, Claim(seq, Finished));
        Interlocked.Increment(ref _served);
        call.Reply(error);
    }

    /// <summary>One serving OS thread and its two futex words (park and sleep), in native memory so they never move.</summary>
    internal sealed class Server(SysPortThreads pool)
    {
        /// <summary>
        /// [0]: 1 when woken from the idle park. [16]: 1 when a running sleep is interrupted (another cache line).
        /// Pinned for the life of the object: a late waker holding a reference always writes valid memory.
        /// </summary>
        private readonly int[] _words = GC.AllocateArray<int>(32, pinned: true);

        public SystemCallMessage? Current { get; set; }

        public uint CurrentSeq { get; set; }

        private int* ParkWord => (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_words));

        private int* SleepWord => ParkWord + 16;

        /// <summary>Wakes this thread from its idle park; called by the submitter that popped it.</summary>
        public void Wake()
        {
            Volatile.Write(ref *ParkWord, 1);
            Kernel.FutexWake(ParkWord, 1);
        }

        /// <summary>Interrupts the sleep this thread may be making; a stale interrupt is a harmless extra look.</summary>
        public void Interrupt()
        {
            Volatile.Write(ref *SleepWord, 1);
            Kernel.FutexWake(SleepWord, 1);
        }

        public long SleepUntil(long deadline)
        {
            SystemCallMessage call = Current!;
            long interrupted = Claim(CurrentSeq, AbortRequested);
            while (true)
            {
                if (Volatile.Read(ref call._claim) == interrupted)
                {
                    return -Kernel.Ecanceled;
                }

                if (MonotonicClock.NowNanoseconds() >= deadline)
                {
                    return 0;
                }

                if (Interlocked.Exchange(ref *SleepWord, 0) != 0)
                {
                    continue;
                }

                Kernel.FutexWait(SleepWord, 0, deadline);
            }
        }

        public void Serve()
        {
            t_server = this;
            Native.TimerSlack.SetMinimalForCurrentThread();
            try
            {
                ServeLoop();
            }
            finally
            {
                t_server = null;
            }
        }

        private void ServeLoop()
        {
            while (true)
            {
                while (pool._queue.TryDequeue(out (SystemCallMessage Call, uint Seq) entry))
                {
                    if (!pool._queue.IsEmpty && Volatile.Read(ref pool._idleCount) == 0)
                    {
                        pool.StartThread();
                    }

                    pool.Complete(this, entry.Call, entry.Seq);
                }

                pool.PushIdle(this);
                if (!pool._queue.IsEmpty && pool.TryRemoveIdle(this))
                {
                    continue;
                }

                if (!WaitForWake() && pool.TryRemoveIdle(this))
                {
                    // Idle too long: leave, unless work arrived while leaving (the count is taken back first, so a
                    // submitter that saw no idle thread either starts another or this thread sees its call).
                    Interlocked.Decrement(ref pool._threads);
                    if (pool._queue.IsEmpty)
                    {
                        return;
                    }

                    Interlocked.Increment(ref pool._threads);
                }
            }
        }

        /// <summary>Parks until <see cref="Wake"/> or the idle timeout; true when woken.</summary>
        private bool WaitForWake()
        {
            long deadline = MonotonicClock.NowNanoseconds() + (long)IdleTimeout.TotalMicroseconds * 1000;
            while (true)
            {
                if (Interlocked.Exchange(ref *ParkWord, 0) != 0)
                {
                    return true;
                }

                if (Kernel.FutexWait(ParkWord, 0, deadline) == -Kernel.Etimedout)
                {
                    return Interlocked.Exchange(ref *ParkWord, 0) != 0;
                }
            }
        }
    }
}
