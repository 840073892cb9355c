using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lwkt.Runtime;

/// <summary>
/// One bounded single-producer single-consumer ring carrying (function, argument, argument) from one source CPU to
/// one target CPU (lwkt: struct lwkt_ipiq, one per (source, target) pair), with the target's doorbell.
/// </summary>
/// <remarks>
/// <para>Publication order (docs/cross-cpu.md): the source writes the slot, then publishes <c>WriteIndex</c> with a
/// release write, then rings the target's <see cref="Bell"/>; the target clears the bell, snapshots
/// <c>WriteIndex</c> with an acquire read, then reads slots. <c>ReadIndex</c> advances before the handler runs, so a
/// handler may itself send IPIs (re-entrant processing). Indices run free and are masked.</para>
/// <para>Cache lines: the producer's line (<c>WriteIndex</c> and its private copy of the read index) and the
/// consumer's line (<c>ReadIndex</c> and its private copy of the write index) are 128 bytes apart. Each side reads
/// the other's line only when its private copy says the ring looks full (producer) or empty (consumer), so in a
/// steady stream the two CPUs exchange the slot lines and nothing else. Consumed slots are not cleared: the
/// consumer never writes a slot line. The price is that up to <see cref="Capacity"/> handled arguments stay
/// reachable until the producer overwrites their slots.</para>
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

    public IpiQueue(Doorbell bell) => Bell = bell;

    /// <summary>The target CPU's doorbell, rung after each publication.</summary>
    public Doorbell Bell { get; }

    /// <summary>Number of entries published and not yet taken (racy read, for diagnostics).</summary>
    public int Pending => (int)(Volatile.Read(ref _indices.WriteIndex) - Volatile.Read(ref _indices.ReadIndex));

    /// <summary>True when entries wait in the sender's backlog (read by the source CPU only).</summary>
    public bool HasBacklog => _backlog is { Count: > 0 };

    /// <summary>
    /// Tries to publish one entry. Called only by the source CPU's worker. Fails when the ring holds more than
    /// <see cref="FullAbove"/> entries (lwkt: windex - rindex > MAXCPUFIFO/2).
    /// </summary>
    public bool TryEnqueue(Action<object?, long> func, object? arg, long arg2)
    {
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
        Volatile.Write(ref _indices.WriteIndex, w + 1);
        return true;
    }

    /// <summary>Appends an entry to the backlog, behind any entry already there. Caller: the source CPU.</summary>
    public void Backlog(Action<object?, long> func, object? arg, long arg2) =>
        (_backlog ??= new Queue<Entry>()).Enqueue(new Entry { Func = func, Arg = arg, Arg2 = arg2 });

    /// <summary>Moves backlog entries into the ring, in order, while it has room. Returns true when none is left.</summary>
    public bool TryFlushBacklog()
    {
        while (_backlog is { Count: > 0 })
        {
            Entry e = _backlog.Peek();
            if (!TryEnqueue(e.Func!, e.Arg, e.Arg2))
            {
                return false;
            }

            _backlog.Dequeue();
        }

        return true;
    }

    /// <summary>True when an entry may be waiting (consumer side: reads the producer's line only when it looks empty).</summary>
    public bool HasEntries()
    {
        long r = _indices.ReadIndex;
        if (r != _indices.CachedWriteIndex)
        {
            return true;
        }

        _indices.CachedWriteIndex = Volatile.Read(ref _indices.WriteIndex);
        return r != _indices.CachedWriteIndex;
    }

    /// <summary>
    /// Runs every entry published before the call. Called only by the target CPU's worker, inside its IPI
    /// processing (handlers must not block or switch). Returns the number of entries run.
    /// </summary>
    public int Process()
    {
        long w = Volatile.Read(ref _indices.WriteIndex);
        _indices.CachedWriteIndex = w;
        int n = 0;
        while (true)
        {
            // Re-read the read index every time: a handler may send an IPI into a full ring, drain this very ring in a
            // nested call, and leave the index past our snapshot (lwkt: the loop re-reads ip_rindex).
            long r = _indices.ReadIndex;
            if (r - w >= 0)
            {
                return n;
            }

            ref Entry slot = ref _ring[r & Mask];
            Action<object?, long> func = slot.Func!;
            object? arg = slot.Arg;
            long arg2 = slot.Arg2;
            Debug.Assert(func is not null, "an IPI slot below the published write index is empty");

            // Release: the copies above complete before the producer may reuse the slot.
            Volatile.Write(ref _indices.ReadIndex, r + 1);
            func(arg, arg2);
            n++;
        }
    }

    private struct Entry
    {
        public Action<object?, long>? Func;
        public object? Arg;
        public long Arg2;
    }

    /// <summary>
    /// The producer's line (write index, cached read index) and the consumer's line (read index, cached write index),
    /// each 128 bytes from anything else (adjacent-line prefetch included).
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 384)]
    private struct Indices
    {
        /// <summary>Next slot to write; written by the producer, read by the consumer.</summary>
        [FieldOffset(128)]
        public long WriteIndex;

        /// <summary>The producer's last look at <see cref="ReadIndex"/>; producer only.</summary>
        [FieldOffset(136)]
        public long CachedReadIndex;

        /// <summary>Next slot to read; written by the consumer, read by the producer when the ring looks full.</summary>
        [FieldOffset(256)]
        public long ReadIndex;

        /// <summary>The consumer's last look at <see cref="WriteIndex"/>; consumer only.</summary>
        [FieldOffset(264)]
        public long CachedWriteIndex;
    }
}
