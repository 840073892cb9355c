using System.Runtime.InteropServices;

namespace Lwkt.Runtime;

/// <summary>
/// One bounded single-producer single-consumer ring carrying (function, argument, argument) from one source CPU to
/// one target CPU (lwkt: struct lwkt_ipiq, one per (source, target) pair).
/// </summary>
/// <remarks>
/// Publication order (docs/lwkt-semantics.md invariant 20): the source writes the slot, then publishes <c>_windex</c> with a release
/// write; the target snapshots <c>_windex</c> with an acquire read, then reads slots. <c>_rindex</c> advances before
/// the handler runs, so a handler may itself send IPIs (re-entrant processing). Indices run free and are masked.
/// The producer and consumer indices sit on separate cache lines so the two CPUs do not false-share.
/// </remarks>
internal sealed class IpiQueue
{
    /// <summary>Ring size (lwkt: MAXCPUFIFO, 256 since 2018).</summary>
    public const int Capacity = 256;

    private const int Mask = Capacity - 1;

    private readonly Entry[] _ring = new Entry[Capacity];
    private Indices _indices;

    /// <summary>Number of entries published and not yet taken (racy read, for the full-FIFO rule).</summary>
    public int Pending => (int)(Volatile.Read(ref _indices.WriteIndex) - Volatile.Read(ref _indices.ReadIndex));

    /// <summary>
    /// Tries to publish one entry. Called only by the source CPU's worker. Fails when the ring is more than half full
    /// (lwkt: windex - rindex > MAXCPUFIFO/2); the caller then drains its own incoming IPIs and retries.
    /// </summary>
    public bool TryEnqueue(Action<object?, long> func, object? arg, long arg2)
    {
        long w = _indices.WriteIndex;
        if (w - Volatile.Read(ref _indices.ReadIndex) > Capacity / 2)
        {
            return false;
        }

        ref Entry slot = ref _ring[w & Mask];
        slot.Func = func;
        slot.Arg = arg;
        slot.Arg2 = arg2;
        Volatile.Write(ref _indices.WriteIndex, w + 1);
        return true;
    }

    /// <summary>
    /// Runs every entry published before the call. Called only by the target CPU's worker, inside its IPI
    /// processing (handlers must not block or switch). Returns the number of entries run.
    /// </summary>
    public int Process()
    {
        long w = Volatile.Read(ref _indices.WriteIndex);
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
            slot.Func = null;
            slot.Arg = null;
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

    /// <summary>Producer and consumer indices on separate 128-byte lines (adjacent-line prefetch included).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 384)]
    private struct Indices
    {
        [FieldOffset(128)]
        public long WriteIndex;

        [FieldOffset(256)]
        public long ReadIndex;
    }
}
