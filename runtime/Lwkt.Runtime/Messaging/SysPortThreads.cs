using System.Collections.Concurrent;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// The OS threads that serve a <see cref="SysPort"/> (lwkt: sys_td and sysport_loop, without the 100 ms polling):
/// an elastic pool of up to <see cref="MaxThreads"/> dedicated threads that block in system calls so that workers
/// never do. Threads start on demand and exit after <see cref="IdleTimeout"/> without work, so a runtime's sysport
/// costs nothing once idle and is collected with its runtime.
/// </summary>
/// <remarks>
/// <para>The submit side runs on virtual CPU workers, so it must not block: it queues the call (lock-free) and
/// either releases an idle thread or asks the .NET thread pool to start one (starting an OS thread waits for it, which
/// a pool thread may do but a worker must not). A serving thread that sees more queued work and no idle sibling
/// starts one itself.</para>
/// <para>No lost call: a thread announces itself idle (<see cref="_idle"/>, a full fence) before its last look at the
/// queue, and a submitter queues before it reads <see cref="_idle"/>; one of them sees the other. A release that finds
/// its thread already busy leaves a permit that later causes one harmless extra look.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The semaphore never creates a kernel handle (AvailableWaitHandle is unused); threads exit when idle.")]
internal sealed class SysPortThreads
{
    /// <summary>How long an idle thread waits for work before it exits.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    private static readonly WaitCallback s_startFromPool = static state => ((SysPortThreads)state!).StartThread();

    private readonly ConcurrentQueue<SystemCallMessage> _queue = new();
    private readonly SemaphoreSlim _work = new(0, int.MaxValue);
    private readonly string _name;

    private int _threads;
    private int _idle;
    private int _startRequested;
    private long _served;
    private long _started;

    public SysPortThreads(int maxThreads, string name)
    {
        MaxThreads = maxThreads;
        _name = name;
    }

    /// <summary>Upper bound on live serving threads.</summary>
    public int MaxThreads { get; }

    /// <summary>Live serving threads now.</summary>
    public int Threads => Volatile.Read(ref _threads);

    /// <summary>Calls completed (replied).</summary>
    public long Served => Volatile.Read(ref _served);

    /// <summary>Threads started since creation.</summary>
    public long Started => Volatile.Read(ref _started);

    /// <summary>Queues a call. Never blocks: callers are virtual CPU workers.</summary>
    public void Submit(SystemCallMessage call)
    {
        _queue.Enqueue(call);
        if (Volatile.Read(ref _idle) > 0)
        {
            _work.Release();
        }
        else if (Volatile.Read(ref _threads) < MaxThreads && Interlocked.Exchange(ref _startRequested, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(s_startFromPool, this);
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
        var thread = new Thread(Serve, 256 * 1024) { IsBackground = true, Name = _name };
        thread.UnsafeStart();
    }

    private void Serve()
    {
        MonotonicClock.UseTightTimerSlack();
        while (true)
        {
            while (_queue.TryDequeue(out SystemCallMessage? call))
            {
                if (!_queue.IsEmpty && Volatile.Read(ref _idle) == 0)
                {
                    StartThread();
                }

                Complete(call);
            }

            Interlocked.Increment(ref _idle);
            if (!_queue.IsEmpty)
            {
                Interlocked.Decrement(ref _idle);
                continue;
            }

            bool woken = _work.Wait(IdleTimeout);
            Interlocked.Decrement(ref _idle);
            if (!woken)
            {
                Interlocked.Decrement(ref _threads);
                if (_queue.IsEmpty)
                {
                    return;
                }

                // Work arrived while this thread was leaving: stay (the count is taken back unconditionally, as a
                // submitter that saw no idle thread may be starting another one, which is merely one extra).
                Interlocked.Increment(ref _threads);
            }
        }
    }

    /// <summary>Runs one call and replies to it exactly once; its exception is kept for the caller.</summary>
    private void Complete(SystemCallMessage call)
    {
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

        Interlocked.Increment(ref _served);
        call.Reply(error);
    }
}
