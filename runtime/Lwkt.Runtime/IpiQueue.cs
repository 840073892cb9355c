using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lwkt.Runtime;

/// <summary>
/// One bounded single-producer single-consumer ring carrying (function, argument, argument) from one source CPU to
/// one target CPU (lwkt: struct lwkt_ipiq, one per (source, target) pair), with the target's doorbell.
/// </summary>
/// <remarks>
/// <para>Publication order (docs/cross-cpu.md): the source writes the slot's entry, then release-writes the slot's
/// <c>Published</c> stamp (the entry's index + 1), then rings the target's <see cref="Bell"/>; the target clears the
/// bell, then acquire-reads the stamp of the slot at its read index: the entry is there when the stamp names that
/// index. <c>ReadIndex</c> advances before the handler runs, so a handler may itself send IPIs (re-entrant
/// processing). Indices run free and are masked; a stamp names one lap of its slot, so a stale one never matches.</para>
/// <para>Cache lines: the consumer learns of an entry from the slot it has to read anyway, so the producer's index is
/// private to the producer and the consumer never reads a line of the producer's besides the slots (DragonFly's
/// consumer reads <c>ip_windex</c> first: one more line fetched, in series, per IPI). The consumer's
/// <c>ReadIndex</c> sits 128 bytes from the producer's indices and is read by the producer only when its private
/// copy says the ring looks full, so in a steady stream the two CPUs exchange the slot lines and nothing else.
/// Consumed slots are not cleared: the consumer never writes a slot line. The price is that up to
/// <see cref="Capacity"/> handled arguments stay reachable until the producer overwrites their slots.</para>
/// <para>Debug builds assert the ring's contract (<see cref="Invariants"/>): the source's worker is the only producer
/// and the target's the only consumer; the read index never passes the write index and the write index never laps
/// the read index; every slot is consumed once, after it was published for that index; no entry overtakes the
/// backlog, and only a sender inside a critical section backlogs (the full-FIFO rule); handlers never run inside a
/// critical section of the consuming CPU.</para>
/// </remarks>
internal sealed class IpiQueue
{
    /// <summary>Ring size (lwkt: MAXCPUFIFO, 256 since 2018).</summary>
    public const int Capacity = 256;

    /// <summary>A sender waits (drains, or backlogs) above this many pending entries (lwkt: MAXCPUFIFO / 2).</summary>
    public const int FullAbove = Capacity / 2;

    private const int Mask = Capacity - 1;

    private readonly Entry[] _ring = new Entry[Capacity];
    private Indices _indices;

    /// <summary>Entries that found the ring full while their sender was inside a critical section, oldest first.</summary>
    private Queue<Entry>? _backlog;

    /// <summary>The source CPU (the producer) and the target CPU (the consumer, whose doorbell this rings).</summary>
    private readonly VirtualCpu _source, _target;

#if DEBUG
    /// <summary>
    /// Debug only, one stamp per slot: index + 1 once published for that index, -(index + 1) once consumed, 0 never
    /// used. The producer stamps before its release of the write index, the consumer before its release of the read
    /// index, so each side sees the other's stamps for every index the indices let it touch.
    /// </summary>
    private readonly long[] _stamps = new long[Capacity];
#endif

    public IpiQueue(VirtualCpu source, VirtualCpu target)
    {
        _source = source;
        _target = target;
        Bell = target.Doorbell;
    }

    /// <summary>The target CPU's doorbell, rung after each publication.</summary>
    public Doorbell Bell { get; }

    /// <summary>True when entries wait in the sender's backlog (read by the source CPU only).</summary>
    public bool HasBacklog => _backlog is { Count: > 0 };

    /// <summary>
    /// Tries to publish one entry. Called only by the source CPU's worker, when no backlog waits (an entry must not
    /// overtake it). Fails when the ring holds more than <see cref="FullAbove"/> entries (lwkt: windex - rindex >
    /// MAXCPUFIFO/2).
    /// </summary>
    public bool TryEnqueue(Action<object?, long> func, object? arg, long arg2)
    {
        Debug.Assert(!HasBacklog, $"{this}: an entry overtakes the backlog (the full-FIFO rule keeps sends in order)");
        return TryPublish(func, arg, arg2);
    }

    private bool TryPublish(Action<object?, long> func, object? arg, long arg2)
    {
        Invariants.OnWorker(_source);
        long w = _indices.WriteIndex;
        if (w - _indices.CachedReadIndex > FullAbove)
        {
            // Looks full from here: read the consumer's line, once.
            _indices.CachedReadIndex = Volatile.Read(ref _indices.ReadIndex);
            if (w - _indices.CachedReadIndex > FullAbove)
            {
                return false;
            }
        }

        ref Entry slot = ref _ring[w & Mask];
        slot.Func = func;
        slot.Arg = arg;
        slot.Arg2 = arg2;
        StampPublished(w);
        _indices.WriteIndex = w + 1;

        // Release: the entry (and, for debug assertions, the index) is written before the stamp names the index.
        Volatile.Write(ref slot.Published, w + 1);
        return true;
    }

    /// <summary>
    /// Appends an entry to the backlog, behind any entry already there. Caller: the source CPU's worker, for a running
    /// thread inside a critical section (any other sender drains and retries instead).
    /// </summary>
    public void Backlog(Action<object?, long> func, object? arg, long arg2)
    {
        Invariants.OnWorker(_source);
        Debug.Assert(
            _source.CurrentThread is { _critCount: > 0 },
            $"{this}: backlogged outside a critical section (the sender must drain its own rings and retry)");
        (_backlog ??= new Queue<Entry>()).Enqueue(new Entry { Func = func, Arg = arg, Arg2 = arg2 });
    }

    /// <summary>Moves backlog entries into the ring, in order, while it has room. Returns true when none is left.</summary>
    public bool TryFlushBacklog()
    {
        while (_backlog is { Count: > 0 })
        {
            Entry e = _backlog.Peek();
            if (!TryPublish(e.Func!, e.Arg, e.Arg2))
            {
                return false;
            }

            _backlog.Dequeue();
        }

        return true;
    }

    /// <summary>True when the next entry is published (consumer side: one acquire read of the slot it would run next).</summary>
    public bool HasEntries()
    {
        Invariants.OnWorker(_target);
        long r = _indices.ReadIndex;
        return Volatile.Read(ref _ring[r & Mask].Published) == r + 1;
    }

    /// <summary>
    /// Runs every entry published before the call, and those published meanwhile up to <see cref="Capacity"/> in all
    /// (a producer that keeps the ring busy cannot hold the consumer here: what is left rang the bell again). Called
    /// only by the target CPU's worker, inside its IPI processing (handlers must not block or switch). Returns the number
    /// of entries run.
    /// </summary>
    public int Process()
    {
        Invariants.OnWorker(_target);
        Debug.Assert(
            _target.CurrentThread is null or { _critCount: 0 },
            $"{this}: handlers run inside a critical section of thread {_target.CurrentThread?.Id}");
        int n = 0;
        while (n < Capacity)
        {
            // Re-read the read index every time: a handler may send an IPI into a full ring, drain this very ring in a
            // nested call, and leave the index past the one seen here (lwkt: the loop re-reads ip_rindex).
            long r = _indices.ReadIndex;
            ref Entry slot = ref _ring[r & Mask];
            if (Volatile.Read(ref slot.Published) != r + 1)
            {
                break;
            }

            Action<object?, long> func = slot.Func!;
            object? arg = slot.Arg;
            long arg2 = slot.Arg2;
            Debug.Assert(func is not null, $"{this}: slot {r} is stamped published but empty");
            StampConsumed(r);

            // Release: the copies above complete before the producer may reuse the slot.
            Volatile.Write(ref _indices.ReadIndex, r + 1);
            func(arg, arg2);
            n++;
        }

        return n;
    }

    /// <summary>The ring's ends and indices, for assertion messages and state dumps.</summary>
    public override string ToString() =>
        $"ipi ring cpu{_source.Id}->cpu{_target.Id} (read {Volatile.Read(ref _indices.ReadIndex)}, write {Volatile.Read(ref _indices.WriteIndex)})";

    /// <summary>
    /// Producer, before publishing <paramref name="w"/>: the write index stays within <see cref="Capacity"/> of the
    /// read index, and the slot's previous entry (index w - Capacity) was consumed.
    /// </summary>
    [Conditional("DEBUG")]
    private void StampPublished(long w)
    {
#if DEBUG
        long r = Volatile.Read(ref _indices.ReadIndex);
        Debug.Assert(r <= w && w - r < Capacity, $"{this}: the write index {w} laps the read index {r}");
        ref long stamp = ref _stamps[w & Mask];
        Debug.Assert(
            stamp == 0 || stamp == -(w - Capacity + 1),
            $"{this}: slot {w & Mask} is overwritten before index {w - Capacity} was consumed (stamp {stamp})");
        stamp = w + 1;
#endif
    }

    /// <summary>
    /// Consumer, before releasing index <paramref name="r"/>, whose slot's stamp names it: the read index has not passed
    /// the producer's write index, and the entry was not consumed before.
    /// </summary>
    [Conditional("DEBUG")]
    private void StampConsumed(long r)
    {
#if DEBUG
        long w = Volatile.Read(ref _indices.WriteIndex);
        Debug.Assert(r < w && w - r <= Capacity, $"{this}: the read index {r} passes the write index {w}");
        ref long stamp = ref _stamps[r & Mask];
        Debug.Assert(stamp != -(r + 1), $"{this}: index {r} is consumed twice");
        Debug.Assert(stamp == r + 1, $"{this}: slot {r & Mask} holds no entry for index {r} (stamp {stamp})");
        stamp = -(r + 1);
#endif
    }

    private struct Entry
    {
        public Action<object?, long>? Func;
        public object? Arg;
        public long Arg2;

        /// <summary>The index + 1 of the entry in the slot, release-written by the producer after the fields; 0: never used.</summary>
        public long Published;
    }

    /// <summary>
    /// The producer's line (write index, cached read index; the consumer never reads it) and the consumer's line (read
    /// index), each 128 bytes from anything else (adjacent-line prefetch included).
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 384)]
    private struct Indices
    {
        /// <summary>Next slot to write; producer only (debug assertions aside).</summary>
        [FieldOffset(128)]
        public long WriteIndex;

        /// <summary>The producer's last look at <see cref="ReadIndex"/>; producer only.</summary>
        [FieldOffset(136)]
        public long CachedReadIndex;

        /// <summary>Next slot to read; written by the consumer, read by the producer when the ring looks full.</summary>
        [FieldOffset(256)]
        public long ReadIndex;
    }
}
