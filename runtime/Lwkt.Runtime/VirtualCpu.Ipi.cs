using System.Runtime.CompilerServices;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime;

public sealed partial class VirtualCpu
{
    /// <summary>The doorbell other CPUs ring and this CPU parks on (for a kernel wait on the same word, e.g. io_uring).</summary>
    internal Doorbell Doorbell => _shared.Doorbell;

    /// <summary>
    /// Sends an inter-processor interrupt: <paramref name="func"/>(arg, arg2) will run on <paramref name="target"/>'s
    /// worker at its next switch point, IPI check or in its idle loop (lwkt: lwkt_send_ipiq3). Caller: a worker of this
    /// runtime (this CPU). A target of this CPU runs the function at once. Handlers must not block or switch.
    /// </summary>
    /// <remarks>
    /// Full-FIFO rule (lwkt_send_ipiq3): while the ring to the target holds more than half its capacity, the sender
    /// drains its own incoming rings and retries, so two CPUs flooding each other never deadlock. Handlers run that
    /// way are IPIs like any other: between threads, or at an IPI check of a running thread outside a critical
    /// section. A running thread inside a critical section never runs them: its send joins a backlog, in order, that
    /// this CPU moves into the ring at its next IPI check outside the section (docs/cross-cpu.md).
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

        // The target's idle state, read before the entry is written: the line (the target wrote it when it began to
        // spin) comes over while the slot's store waits for its own line, instead of after the fence that drains that
        // store (two line transfers in series before the target can see the entry). Only a target seen spinning here
        // is read again after the fence (WatchesRings); any other is rung, which is always safe.
        bool mayWatch = target.MayWatchRings;
        IpiQueue ring = _core.Outgoing[target.Id] ?? OpenRing(target);
        if (ring.HasBacklog || !ring.TryEnqueue(func, arg, arg2))
        {
            if (!SendFull(ring, target, func, arg, arg2))
            {
                return;
            }
        }

        _core.IpisSent++;
        if (LwktEventSource.IpiOn) LwktEventSource.Log.IpiSend(Id, target.Id);
        if (mayWatch && target.WatchesRings)
        {
            _core.IpisUnrung++;
        }
        else
        {
            ring.Bell.Ring();
        }
    }

    /// <summary>
    /// Read by a sender right after it published a ring entry for this CPU: true when this CPU's idle spin is watching
    /// its ring slots, so it will find the entry without its doorbell (lwkt: a target already polling needs no
    /// IPI, gd_npoll). The sender then writes nothing of this CPU: no atomic OR on the doorbell line from here, no atomic
    /// AND to answer it there, no transfers of that line (docs/cross-cpu.md). No entry is lost (Dekker): the sender
    /// publishes, fences, reads the idle state; the spin, when it stops, writes its idle state, fences, and scans the
    /// slots once more (<see cref="SpinWhileIdle"/>). A sender that read Spinning published before that scan.
    /// </summary>
    private bool WatchesRings
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            Interlocked.MemoryBarrier();
            return Volatile.Read(ref _shared.IdleState) == Spinning;
        }
    }

    /// <summary>A sender's early look at this CPU's idle state, before it publishes (racy: a hint; see <see cref="SendIpi"/>).</summary>
    private bool MayWatchRings
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _shared.IdleState) == Spinning;
    }

    /// <summary>
    /// The ring to <paramref name="target"/> has a backlog or is full. Returns true when the entry is in the ring,
    /// false when it went to the backlog or the target has exited.
    /// </summary>
    private bool SendFull(IpiQueue ring, VirtualCpu target, Action<object?, long> func, object? arg, long arg2)
    {
        if (_core.Current is { _critCount: > 0 })
        {
            // The running thread is inside a critical section: running handlers here would break it. Queue behind, and
            // ring our own bell so the next IPI check outside the section flushes the backlog.
            ring.Backlog(func, arg, arg2);
            _core.Backlogged = true;
            _core.IpisBacklogged++;
            _shared.Doorbell.Ring();
            return false;
        }

        int backoff = 1;
        while (!ring.TryFlushBacklog() || !ring.TryEnqueue(func, arg, arg2))
        {
            if (target.HasExited)
            {
                // Shutdown: the target left its loop because no thread is alive; nothing is left for the IPI to do.
                return false;
            }

            ring.Bell.Ring();
            if (_runtime.IsDeterministic)
            {
                // One OS thread runs every CPU: let the target drain its inbox here, as itself, then retry.
                target.ProcessIpisAsSelf();
                continue;
            }

            // Drain our own rings while we wait (the target may be waiting on us), and never yield the OS thread: a
            // worker that gives its core away in a loaded machine can lose a whole kernel time slice.
            DrainRings();
            Thread.SpinWait(backoff);
            backoff = Math.Min(backoff * 2, 16);
        }

        return true;
    }

    /// <summary>The idle spin's fence and last look at the slots are owed (<see cref="CpuCore.RingScanOwed"/>; racy from another thread).</summary>
    internal bool OwesRingScan => Volatile.Read(ref _core.RingScanOwed);

    /// <summary>
    /// Test seam: publishes an entry for <paramref name="target"/> and rings nothing, as a sender does that read the
    /// target spinning just before its spin stopped on other work (the race <see cref="CpuCore.RingScanOwed"/> covers).
    /// Caller: this CPU's worker, with room in the ring and no backlog.
    /// </summary>
    internal void PublishUnrung(VirtualCpu target, Action<object?, long> func, object? arg, long arg2)
    {
        IpiQueue ring = _core.Outgoing[target.Id] ?? OpenRing(target);
        if (ring.HasBacklog || !ring.TryEnqueue(func, arg, arg2))
        {
            throw new InvalidOperationException($"{ring} has no room for an unrung entry");
        }
    }

    /// <summary>Creates the ring to <paramref name="target"/> and publishes it in the target's incoming table.</summary>
    private IpiQueue OpenRing(VirtualCpu target)
    {
        var ring = new IpiQueue(this, target);
        _core.Outgoing[target.Id] = ring;

        // Published before the first entry: a target that sees the bell and scans finds the ring (release/acquire).
        Volatile.Write(ref target._shared.Incoming[Id], ring);
        return ring;
    }

    /// <summary>
    /// Queues <paramref name="func"/>(arg, arg2) to run on this CPU at its next switch point: from an OS thread outside
    /// the runtime, from another runtime's worker, or from this very CPU. Lock-free; wakes the CPU if it is parked.
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

        _shared.External.Enqueue(new IpiRequest(func, arg, arg2));
        _shared.Doorbell.Ring();
    }

    /// <summary>Rings this CPU's bell with nothing queued: it looks at its state again (a stop, a timer). Any thread.</summary>
    internal void Kick() => _shared.Doorbell.Ring();

    /// <summary>
    /// Runs every pending IPI of every source, then the external queue, then flushes this CPU's own backlog (lwkt:
    /// lwkt_process_ipiq). The bell is cleared before the rings are read, so an entry published meanwhile rings again
    /// and is not lost. Caller: this CPU's worker, between threads or at a preemption point of a running thread outside
    /// a critical section (lwkt: splz).
    /// </summary>
    internal void ProcessIpis()
    {
        if (!_shared.Doorbell.TryAnswer())
        {
            if (_core.RingScanOwed)
            {
                PayRingScan();
            }

            return;
        }

        // The answer's atomic AND is a full fence and the drain below scans every ring: an owed scan is paid with them.
        _core.RingScanOwed = false;
        DrainRings();
        while (_shared.External.TryDequeue(out IpiRequest request))
        {
            request.Func(request.Arg, request.Arg2);
            _core.IpisReceived++;
            if (LwktEventSource.IpiOn) LwktEventSource.Log.IpiProcess(Id, -1, 1);
        }

        if (_core.Backlogged)
        {
            FlushBacklogs();
        }
    }

    /// <summary>
    /// Runs the entries of every incoming ring; returns how many ran. Caller: this CPU's worker, outside any critical
    /// section.
    /// </summary>
    private int DrainRings()
    {
        IpiQueue?[] incoming = _shared.Incoming;
        int total = 0;
        for (int source = 0; source < incoming.Length; source++)
        {
            IpiQueue? ring = Volatile.Read(ref incoming[source]);
            if (ring is not null && ring.HasEntries())
            {
                int ran = ring.Process();
                total += ran;
                if (LwktEventSource.IpiOn) LwktEventSource.Log.IpiProcess(Id, source, ran);
            }
        }

        _core.IpisReceived += total;
        return total;
    }

    /// <summary>
    /// Pays the scan the idle spin owes (<see cref="CpuCore.RingScanOwed"/>): a full fence, then the entries of every
    /// incoming ring, so an entry whose sender read this CPU spinning and rang nothing is run (Dekker: this CPU wrote its
    /// idle state before the fence, the sender published before its own fence and read). Returns true when any ran.
    /// Caller: this CPU's worker, between threads, with no IPI deferral.
    /// </summary>
    private bool PayRingScan()
    {
        _core.RingScanOwed = false;
        if (PlantedBugs.SkipsOwedRingScan)
        {
            return false;
        }

        Interlocked.MemoryBarrier();
        return DrainRings() != 0;
    }

    /// <summary>
    /// True when some incoming ring's next slot is published (one read of its stamp per ring, running nothing). Caller:
    /// this CPU's worker (the idle spin's poll).
    /// </summary>
    private bool RingsHoldEntries()
    {
        IpiQueue?[] incoming = _shared.Incoming;
        for (int source = 0; source < incoming.Length; source++)
        {
            if (Volatile.Read(ref incoming[source]) is IpiQueue ring && ring.HasEntries())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Moves every backlog into its ring, draining our own rings while one is full (the full-FIFO rule).</summary>
    private void FlushBacklogs()
    {
        _core.Backlogged = false;
        for (int t = 0; t < _core.Outgoing.Length; t++)
        {
            IpiQueue? ring = _core.Outgoing[t];
            if (ring is null || !ring.HasBacklog)
            {
                continue;
            }

            VirtualCpu target = _runtime.CpuAt(t);
            while (!ring.TryFlushBacklog() && !target.HasExited)
            {
                ring.Bell.Ring();
                if (_runtime.IsDeterministic)
                {
                    target.ProcessIpisAsSelf();
                }
                else
                {
                    DrainRings();
                    Thread.SpinWait(1);
                }
            }

            ring.Bell.Ring();
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

    /// <summary>True when the bell rang or a pull is wanted: IPIs or external requests may be waiting.</summary>
    private bool HasIncoming => _shared.Doorbell.HasWake;

    /// <summary>A request on the external queue (<see cref="CpuShared.External"/>).</summary>
    internal readonly record struct IpiRequest(Action<object?, long> Func, object? Arg, long Arg2);
}
