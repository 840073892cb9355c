using System.Collections.Concurrent;
using System.Numerics;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>Incoming rings, indexed by source CPU (lwkt: globaldata_find(src)->gd_ipiq[mycpuid]).</summary>
    private readonly IpiQueue?[] _incoming;

    /// <summary>One bit per source CPU with published entries (lwkt: gd_ipimask); updated with atomics.</summary>
    private readonly long[] _pendingWords;

    /// <summary>Non-zero when any source bit or the external queue may have work (the cheap check of the loop).</summary>
    private int _ipiPending;

    /// <summary>Requests from OS threads outside the runtime (foreign task completions, spawns, wakeups).</summary>
    private readonly ConcurrentQueue<IpiRequest> _external = new();

    private long _ipisSent;
    private long _ipisReceived;

    /// <summary>
    /// Sends an inter-processor interrupt: <paramref name="func"/>(arg, arg2) will run on <paramref name="target"/>'s
    /// worker at its next switch point or in its idle loop (lwkt: lwkt_send_ipiq3). Caller: a worker of this runtime
    /// (this CPU). A target of this CPU runs the function at once. Handlers run between threads and must not block.
    /// </summary>
    /// <remarks>
    /// Full-FIFO rule: when the ring to the target is more than half full, the sender drains its own incoming IPIs
    /// and retries, so two CPUs flooding each other never deadlock (docs/lwkt-semantics.md, IPIs).
    /// </remarks>
    public void SendIpi(VirtualCpu target, Action<object?, long> func, object? arg, long arg2)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(func);
        if (Current != this)
        {
            throw new InvalidOperationException("SendIpi must be called on the sending CPU's own worker.");
        }

        if (target == this)
        {
            func(arg, arg2);
            return;
        }

        IpiQueue ring = target.RingFrom(Id);
        int backoff = 1;
        while (!ring.TryEnqueue(func, arg, arg2))
        {
            if (target.HasExited)
            {
                // Shutdown: the target left its loop because no thread is alive; nothing is left for the IPI to do.
                return;
            }

            if (_runtime.IsDeterministic)
            {
                // One OS thread runs every CPU: let the target drain its inbox here, as itself, then retry.
                target.ProcessIpisAsSelf();
                continue;
            }

            // Drain our own inbox while we wait (the target may be waiting on us), and never yield the OS thread: a
            // worker that gives its core away in a loaded machine can lose a whole kernel time slice.
            ProcessIpis();
            target.WakeIfSleeping();
            Thread.SpinWait(backoff);
            backoff = Math.Min(backoff * 2, 16);
        }

        _ipisSent++;
        if (LwktEventSource.IpiOn) LwktEventSource.Log.IpiSend(Id, target.Id);
        target.Signal(Id);
    }

    /// <summary>
    /// Queues <paramref name="func"/>(arg, arg2) to run on this CPU at its next switch point: from an OS thread outside
    /// the runtime, from another runtime's worker, or from this very CPU. Lock-free; wakes the CPU if it sleeps.
    /// </summary>
    /// <remarks>
    /// Unlike <see cref="SendIpi"/>, a request from this CPU to itself is deferred, never run inline: a foreign task
    /// that completes while its awaiter is still registering (the awaiting LWKT thread is running) posts from this
    /// worker, and the resume must wait until the thread has switched out.
    /// </remarks>
    internal void SendExternal(Action<object?, long> func, object? arg, long arg2)
    {
        VirtualCpu? mine = Current;
        if (mine is not null && mine != this && mine.Runtime == Runtime)
        {
            mine.SendIpi(this, func, arg, arg2);
            return;
        }

        _external.Enqueue(new IpiRequest(func, arg, arg2));
        Interlocked.Exchange(ref _ipiPending, 1);
        if (mine != this)
        {
            WakeIfSleeping();
        }
    }

    /// <summary>The ring from <paramref name="source"/> to this CPU, created on first use.</summary>
    private IpiQueue RingFrom(int source)
    {
        IpiQueue? ring = Volatile.Read(ref _incoming[source]);
        if (ring is null)
        {
            Interlocked.CompareExchange(ref _incoming[source], new IpiQueue(), null);
            ring = _incoming[source]!;
        }

        return ring;
    }

    /// <summary>Marks <paramref name="source"/> pending, then wakes this CPU if it sleeps (lwkt: gd_npoll + IPI).</summary>
    private void Signal(int source)
    {
        // The atomic Or is a full fence: it orders the ring's publication before the read of _sleeping below, which
        // pairs with the idle loop's Exchange(_sleeping, 1) before its final check (no lost wakeup).
        Interlocked.Or(ref _pendingWords[source >> 6], 1L << (source & 63));
        if (Volatile.Read(ref _ipiPending) == 0)
        {
            Interlocked.Exchange(ref _ipiPending, 1);
        }

        WakeIfSleeping();
    }

    /// <summary>
    /// Runs every pending IPI of every source, then the external queue (lwkt: lwkt_process_ipiq). Each source's bit is
    /// cleared before its ring is drained, so an entry published meanwhile sets it again and is not lost.
    /// Caller: this CPU's worker, between threads (or a sender draining its inbox).
    /// </summary>
    internal void ProcessIpis()
    {
        Interlocked.Exchange(ref _ipiPending, 0);
        long[] words = _pendingWords;
        for (int w = 0; w < words.Length; w++)
        {
            if (Volatile.Read(ref words[w]) == 0)
            {
                continue;
            }

            long bits = Interlocked.Exchange(ref words[w], 0);
            while (bits != 0)
            {
                int source = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                int ran = _incoming[source]!.Process();
                _ipisReceived += ran;
                if (LwktEventSource.IpiOn) LwktEventSource.Log.IpiProcess(Id, source, ran);
            }
        }

        while (_external.TryDequeue(out IpiRequest request))
        {
            request.Func(request.Arg, request.Arg2);
            _ipisReceived++;
            if (LwktEventSource.IpiOn) LwktEventSource.Log.IpiProcess(Id, -1, 1);
        }
    }

    /// <summary>Runs this CPU's pending IPIs on the calling OS thread as this CPU (deterministic mode only).</summary>
    private void ProcessIpisAsSelf()
    {
        VirtualCpu? saved = t_cpu;
        t_cpu = this;
        try
        {
            ProcessIpis();
        }
        finally
        {
            t_cpu = saved;
        }
    }

    /// <summary>True when IPIs or external requests are waiting.</summary>
    private bool HasIncoming => Volatile.Read(ref _ipiPending) != 0;

    private readonly record struct IpiRequest(Action<object?, long> Func, object? Arg, long Arg2);
}
