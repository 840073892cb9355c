using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwkt.Baselines.Native;

namespace Lwkt.Baselines.Futexes;

/// <summary>
/// Wait/wake on a 64-bit sequence word with the real Linux <c>futex(2)</c>: waiters sleep in FUTEX_WAIT on the
/// word's low 32 bits (little-endian: the same address), <see cref="WakeAll"/> bumps the word and issues
/// FUTEX_WAKE only when somebody registered as a waiter.
/// </summary>
/// <remarks>
/// The line of native memory holds the sequence at offset 0 and the waiter count at offset 8. No wakeup is
/// lost: a waiter increments the count and then re-reads the sequence; a waker increments the sequence and
/// then reads the count. Both are full-fence interlocked operations, so either the waiter sees the new
/// sequence (and does not sleep) or the waker sees the waiter (and wakes); and a waiter that read the old
/// value but has not yet slept gets EAGAIN from the kernel's own compare. A wrap of the low half by exactly
/// 2^32 wakes between a waiter's read and its sleep would be needed to sleep through a change.
/// </remarks>
public sealed unsafe class FutexSequence : ISequenceEvent
{
    private readonly long* _sequence;

    /// <summary>Creates a sequence at 0; refuses off Linux.</summary>
    public FutexSequence()
    {
        Futex.ThrowIfNotSupported();
        Debug.Assert(BitConverter.IsLittleEndian, "The futex waits on the low half of the sequence word.");
        _sequence = (long*)CacheLine.AllocateNative();
    }

    /// <summary>Frees the native line.</summary>
    ~FutexSequence() => CacheLine.FreeNative(_sequence);

    /// <inheritdoc/>
    public long Sequence
    {
        get
        {
            long sequence = Volatile.Read(ref *_sequence);
            GC.KeepAlive(this);
            return sequence;
        }
    }

    private int* Waiters => (int*)(_sequence + 1);

    /// <inheritdoc/>
    public void Wait(long seen) => Wait(seen, -1);

    /// <summary>
    /// Waits until the sequence differs from <paramref name="seen"/> or <paramref name="timeoutNanoseconds"/>
    /// pass (negative: no limit). Returns false only on timeout.
    /// </summary>
    public bool Wait(long seen, long timeoutNanoseconds)
    {
        bool moved = Volatile.Read(ref *_sequence) != seen || WaitContended(seen, timeoutNanoseconds);
        GC.KeepAlive(this);
        return moved;
    }

    /// <inheritdoc/>
    public void WakeAll()
    {
        Interlocked.Increment(ref *_sequence);
        if (Volatile.Read(ref *Waiters) != 0)
        {
            WakeWaiters();
        }

        GC.KeepAlive(this);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool WaitContended(long seen, long timeoutNanoseconds)
    {
        long start = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref *Waiters);
        try
        {
            while (Volatile.Read(ref *_sequence) == seen)
            {
                long remaining = timeoutNanoseconds < 0 ? -1 : timeoutNanoseconds - (Stopwatch.GetElapsedTime(start).Ticks * 100);
                if (timeoutNanoseconds >= 0 && remaining <= 0)
                {
                    return false;
                }

                Futex.Wait((int*)_sequence, unchecked((int)seen), remaining);
            }

            return true;
        }
        finally
        {
            Interlocked.Decrement(ref *Waiters);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeWaiters() => Futex.Wake((int*)_sequence, int.MaxValue);
}
