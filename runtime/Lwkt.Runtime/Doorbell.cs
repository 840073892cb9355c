using System.Runtime.CompilerServices;
using Lwkt.Runtime.Native;

namespace Lwkt.Runtime;

/// <summary>
/// One virtual CPU's doorbell (lwkt: gd_npoll + gd_reqflags' RQF_IPIQ, and the halted cpu the hardware IPI wakes): a
/// single 32-bit word on a cache line of its own that other CPUs ring after they queue work for this CPU, and that
/// the CPU's idle loop parks on with <c>futex(2)</c>. The protocol is written out in docs/cross-cpu.md.
/// </summary>
/// <remarks>
/// <para>Bits of the word:</para>
/// <list type="table">
/// <item><term><see cref="Rung"/></term><description>work was queued for this CPU (an IPI ring entry or an external
/// request) since the CPU last cleared the bit. Set by senders, cleared by the CPU before it looks at its rings.</description></item>
/// <item><term><see cref="Parked"/></term><description>the CPU sleeps, or is about to, in <c>FUTEX_WAIT</c> on this
/// word. Set and cleared by the CPU only.</description></item>
/// <item><term><see cref="PullWanted"/></term><description>another CPU has more runnable threads than it can run: ask
/// for work now. Set by that CPU, cleared by this one.</description></item>
/// </list>
/// <para>Cost on the sender's side: a plain read when the bell already rang (the common case under load: one atomic
/// per burst, DragonFly's <c>ipiq_avoided</c>), one atomic OR when it did not, and a <c>FUTEX_WAKE</c> only when the
/// OR saw <see cref="Parked"/>. No lost wakeup: the CPU parks with a compare-and-swap from a word without
/// <see cref="Rung"/>, and the kernel re-checks the word's value when it queues the waiter, so a ring that lands in
/// between makes the wait return at once.</para>
/// <para>The word lives in a pinned array, so its address never changes: <see cref="Address"/> may be handed to the
/// kernel (an io_uring <c>IORING_OP_FUTEX_WAIT</c> waits on the same word as <see cref="Park"/>; a waker's
/// <c>FUTEX_WAKE</c> wakes either). The array is 256 bytes with the word at byte 128, so no other object shares the
/// word's cache line or the adjacent line a 128-byte prefetcher pulls with it.</para>
/// </remarks>
internal sealed unsafe class Doorbell
{
    /// <summary>Work was queued for this CPU since it last cleared the bit.</summary>
    public const int Rung = 1;

    /// <summary>The CPU sleeps, or is about to, in a futex wait on the word.</summary>
    public const int Parked = 2;

    /// <summary>Another CPU has runnable threads to spare: ask it for work.</summary>
    public const int PullWanted = 4;

    /// <summary>Bits that end an idle spin or make a park return.</summary>
    public const int WakeBits = Rung | PullWanted;

    /// <summary>256 bytes, the word in the middle: a cache line pair of its own.</summary>
    private const int CellInts = 64;
    private const int WordIndex = 32;

    /// <summary>Keeps the pinned storage alive as long as the doorbell.</summary>
    private readonly int[] _cells;
    private readonly int* _word;

    /// <summary>Counts wakes sent to this CPU (one per park that a sender ended).</summary>
    private long _wakesSent;

    /// <summary>
    /// When the current park ends by its own timeout, in the runtime's clock (long.MaxValue: never). Written by the CPU
    /// before the compare-and-swap that marks the word parked, so a sender whose OR saw <see cref="Parked"/> reads it.
    /// </summary>
    private long _parkEnds = long.MaxValue;

    /// <summary>The monitor of the portable wait, where futex(2) is missing.</summary>
    private readonly object _portableGate = new();

    public Doorbell()
    {
        _cells = GC.AllocateArray<int>(CellInts, pinned: true);
        _word = (int*)Unsafe.AsPointer(ref _cells[WordIndex]);
    }

    /// <summary>The word's address, stable for the doorbell's life (for a kernel wait on it).</summary>
    public int* Address => _word;

    /// <summary>The word as it is now (racy: a hint).</summary>
    public int Value => Volatile.Read(ref *_word);

    /// <summary>True when the bell rang or a pull is wanted: the CPU has something to look at.</summary>
    public bool HasWake => (Volatile.Read(ref *_word) & WakeBits) != 0;

    /// <summary>True when the bell rang (an IPI ring entry or external request may be waiting).</summary>
    public bool IsRung => (Volatile.Read(ref *_word) & Rung) != 0;

    /// <summary>True while the CPU is parked in the kernel (racy: a hint).</summary>
    public bool IsParked => (Volatile.Read(ref *_word) & Parked) != 0;

    /// <summary>Futex wakes senders issued to this CPU.</summary>
    public long WakesSent => Volatile.Read(ref _wakesSent);

    /// <summary>
    /// Rings the bell after the caller published work for the CPU (a ring entry, an external request, a stop). Any
    /// thread. The caller's publication must precede this call in program order; this method orders it before its
    /// read of the word (lwkt: the sfence + atomic_poll_acquire_int(&amp;gd_npoll) of lwkt_send_ipiq3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ring() => Set(Rung, long.MinValue);

    /// <summary>
    /// Asks a (probably idle) CPU to request work from the caller's CPU. Any thread. A park that ends by its own timeout
    /// at or before <paramref name="noWakeIfParkEndsBy"/> (the runtime's clock) is not woken: the bit waits for that
    /// end, and the next park returns at once while it is set.
    /// </summary>
    public void AskToPull(long noWakeIfParkEndsBy) => Set(PullWanted, noWakeIfParkEndsBy);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Set(int bit, long noWakeIfParkEndsBy)
    {
        // A plain read that finds the bit clear goes straight to the atomic OR, itself a full fence. A read that finds
        // it set is trusted only after a full fence: without one, the read could pass our publication (store-load
        // reordering), see a bit the CPU is just clearing, and the CPU's scan would miss the entry (Dekker: publish,
        // fence, read here; clear, fence, scan there — one side always sees the other).
        if ((Volatile.Read(ref *_word) & bit) != 0)
        {
            Interlocked.MemoryBarrier();
            if ((Volatile.Read(ref *_word) & bit) != 0)
            {
                return;
            }
        }

        SetSlow(bit, noWakeIfParkEndsBy);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetSlow(int bit, long noWakeIfParkEndsBy)
    {
        int old = Interlocked.Or(ref *_word, bit);
        if ((old & Parked) != 0 && (old & WakeBits) == 0 && Volatile.Read(ref _parkEnds) > noWakeIfParkEndsBy)
        {
            // Only the ring that moved the word off its parked value wakes: later rings see a wake bit set.
            Interlocked.Increment(ref _wakesSent);
            WakeParked();
        }
    }

    /// <summary>
    /// The CPU, before it scans its rings: clears <see cref="Rung"/> with a full fence (an entry published after the
    /// clear rings again). Returns false, writing nothing, when the bell had not rung. Caller: the owning CPU.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAnswer()
    {
        if ((Volatile.Read(ref *_word) & Rung) == 0)
        {
            return false;
        }

        Interlocked.And(ref *_word, ~Rung);
        return true;
    }

    /// <summary>Clears <see cref="PullWanted"/>; true when it was set. Caller: the owning CPU.</summary>
    public bool TakePull()
    {
        if ((Volatile.Read(ref *_word) & PullWanted) == 0)
        {
            return false;
        }

        return (Interlocked.And(ref *_word, ~PullWanted) & PullWanted) != 0;
    }

    /// <summary>
    /// Parks the calling CPU until a sender rings, <paramref name="timeoutNanoseconds"/> pass (negative: no limit), or
    /// a spurious wake-up. Returns at once when a wake bit is already set. With <paramref name="waiter"/> the kernel
    /// wait is the waiter's (an io_uring FUTEX_WAIT on <see cref="Address"/> that also ends on its completions), else
    /// futex(2). Caller: the owning CPU's idle loop, after its own last look at everything a doorbell does not
    /// announce (timers, shutdown, the waiter's own work). <paramref name="endsAt"/> is when the timeout ends the park, in
    /// the runtime's clock (<see cref="AskToPull"/> compares it).
    /// </summary>
    public void Park(long timeoutNanoseconds, IDoorbellWaiter? waiter = null, long endsAt = long.MaxValue)
    {
        Volatile.Write(ref _parkEnds, timeoutNanoseconds < 0 ? long.MaxValue : endsAt);
        int seen = Volatile.Read(ref *_word);
        if ((seen & WakeBits) != 0 || Interlocked.CompareExchange(ref *_word, seen | Parked, seen) != seen)
        {
            return;
        }

        try
        {
            if (waiter is not null)
            {
                waiter.Wait(_word, seen | Parked, timeoutNanoseconds);
            }
            else if (Futex.IsSupported)
            {
                Futex.Wait(_word, seen | Parked, timeoutNanoseconds);
            }
            else
            {
                WaitPortable(seen | Parked, timeoutNanoseconds);
            }
        }
        finally
        {
            Interlocked.And(ref *_word, ~Parked);
        }
    }

    private void WakeParked()
    {
        if (Futex.IsSupported)
        {
            Futex.Wake(_word, 1);
        }
        else
        {
            lock (_portableGate)
            {
                Monitor.PulseAll(_portableGate);
            }
        }
    }

    /// <summary>Where futex(2) is missing: the same protocol on a monitor (correct, not fast).</summary>
    private void WaitPortable(int parked, long timeoutNanoseconds)
    {
        lock (_portableGate)
        {
            if (Volatile.Read(ref *_word) == parked)
            {
                int ms = timeoutNanoseconds < 0 ? Timeout.Infinite : (int)Math.Min(int.MaxValue, (timeoutNanoseconds + 999_999) / 1_000_000);
                Monitor.Wait(_portableGate, ms);
            }
        }
    }

    /// <summary>For state dumps.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"bell=0x{Value:x} wakes={WakesSent}");
}

/// <summary>
/// A kernel wait that can stand in for <c>FUTEX_WAIT</c> on a doorbell word: it must return no later than when the
/// word differs from <c>expected</c> at the start of the wait or a <c>FUTEX_WAKE</c> hits the word (it may return
/// earlier, for its own reasons). The sysport's io_uring implements it with <c>IORING_OP_FUTEX_WAIT</c>.
/// </summary>
internal unsafe interface IDoorbellWaiter
{
    /// <summary>Sleeps as described; <paramref name="timeoutNanoseconds"/> is relative, negative for none.</summary>
    void Wait(int* word, int expected, long timeoutNanoseconds);
}
