using System.Runtime.CompilerServices;
using Lwkt.Baselines.Native;
using Lwkt.Baselines.Diagnostics;

namespace Lwkt.Baselines.Futexes;

/// <summary>
/// A futex reader/writer lock, the algorithm of Rust std's Linux <c>RwLock</c>
/// (<c>library/std/src/sys/sync/rwlock/futex.rs</c>), on the real Linux <c>futex(2)</c>. Writers have priority:
/// once a writer waits, new readers wait too.
/// </summary>
/// <remarks>
/// Two futex words in one line of native memory that the GC never moves:
/// <code>
///   state         bits 0-29  0 unlocked, 1..0x3FFF_FFFE that many readers, 0x3FFF_FFFF write-locked
///                 bit 30     ReadersWaiting: readers sleep in FUTEX_WAIT on state
///                 bit 31     WritersWaiting: writers sleep in FUTEX_WAIT on writerNotify
///   writerNotify  a counter bumped on every writer wake-up, so a writer that read it before sleeping
///                 cannot miss the wake (the kernel compares it atomically)
/// </code>
/// Unlock leaves the waiting bits for the waker: if only writers wait it wakes one writer; if both wait it
/// clears the writers bit and wakes one writer, falling back to waking all readers when no writer was
/// actually asleep; if only readers wait it wakes them all. Contended paths are the <c>[NoInlining]</c>
/// <see cref="EnterReadContended"/>, <see cref="EnterWriteContended"/> and <see cref="WakeWriterOrReaders"/>.
/// </remarks>
public sealed unsafe class FutexRwLock : IReaderWriterLock
{
    /// <summary>The <c>lockKind</c> of this lock's <see cref="BaselineEventSource"/> contention events.</summary>
    private const string LockKind = "futex-rw";

    private const uint ReadLocked = 1;
    private const uint Mask = (1u << 30) - 1;
    private const uint WriteLocked = Mask;
    private const uint MaxReaders = Mask - 1;
    private const uint ReadersWaiting = 1u << 30;
    private const uint WritersWaiting = 1u << 31;

    /// <summary>The line: state at offset 0, writerNotify at offset 4. Freed by the finalizer.</summary>
    private readonly uint* _state;

    /// <summary>Creates an unlocked lock; refuses off Linux.</summary>
    public FutexRwLock()
    {
        Futex.ThrowIfNotSupported();
        _state = (uint*)CacheLine.AllocateNative();
    }

    /// <summary>Frees the native line. Nobody can hold or wait on an unreachable lock.</summary>
    ~FutexRwLock() => CacheLine.FreeNative(_state);

    private uint* WriterNotify => _state + 1;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnterRead()
    {
        uint state = Volatile.Read(ref *_state);
        if (!IsReadLockable(state) || Interlocked.CompareExchange(ref *_state, state + ReadLocked, state) != state)
        {
            EnterReadContended();
        }

        GC.KeepAlive(this);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ExitRead()
    {
        uint state = Interlocked.Add(ref *_state, unchecked(0u - ReadLocked));

        // A reader can only be waiting on a read-locked lock if a writer waits too, so waking is needed only
        // when this was the last reader and a writer waits.
        if (IsUnlocked(state) && HasWritersWaiting(state))
        {
            WakeWriterOrReaders(state);
        }

        GC.KeepAlive(this);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnterWrite()
    {
        if (Interlocked.CompareExchange(ref *_state, WriteLocked, 0) != 0)
        {
            EnterWriteContended();
        }

        GC.KeepAlive(this);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ExitWrite()
    {
        uint state = Interlocked.Add(ref *_state, unchecked(0u - WriteLocked));
        if (HasReadersWaiting(state) || HasWritersWaiting(state))
        {
            WakeWriterOrReaders(state);
        }

        GC.KeepAlive(this);
    }

    /// <summary>Takes shared access if readers may enter now; never waits.</summary>
    public bool TryEnterRead()
    {
        uint state = Volatile.Read(ref *_state);
        bool entered = false;
        while (!entered && IsReadLockable(state))
        {
            uint seen = Interlocked.CompareExchange(ref *_state, state + ReadLocked, state);
            entered = seen == state;
            state = seen;
        }

        GC.KeepAlive(this);
        return entered;
    }

    /// <summary>Takes exclusive access if the lock is free now (waiting bits do not stop a writer); never waits.</summary>
    public bool TryEnterWrite()
    {
        uint state = Volatile.Read(ref *_state);
        bool entered = false;
        while (!entered && IsUnlocked(state))
        {
            uint seen = Interlocked.CompareExchange(ref *_state, state + WriteLocked, state);
            entered = seen == state;
            state = seen;
        }

        GC.KeepAlive(this);
        return entered;
    }

    private static bool IsUnlocked(uint state) => (state & Mask) == 0;

    private static bool IsWriteLocked(uint state) => (state & Mask) == WriteLocked;

    private static bool HasReadersWaiting(uint state) => (state & ReadersWaiting) != 0;

    private static bool HasWritersWaiting(uint state) => (state & WritersWaiting) != 0;

    /// <summary>
    /// Readers may enter when the count cannot overflow and nobody waits: waiting readers mean an unlocker is
    /// about to wake writers (who have priority) or the readers themselves.
    /// </summary>
    private static bool IsReadLockable(uint state)
        => (state & Mask) < MaxReaders && !HasReadersWaiting(state) && !HasWritersWaiting(state);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterReadContended()
    {
        using var contention = ContentionScope.Begin(this, LockKind, ContentionMode.Read);
        SpinThenSleepRead();
    }

    /// <summary>The body of <see cref="EnterReadContended"/>, between its contention events.</summary>
    private void SpinThenSleepRead()
    {
        uint state = SpinRead();
        while (true)
        {
            if (IsReadLockable(state))
            {
                uint seen = Interlocked.CompareExchange(ref *_state, state + ReadLocked, state);
                if (seen == state)
                {
                    GC.KeepAlive(this);
                    return;
                }

                state = seen;
                continue;
            }

            if ((state & Mask) == MaxReaders)
            {
                throw new InvalidOperationException("FutexRwLock: too many readers.");
            }

            if (!HasReadersWaiting(state))
            {
                uint seen = Interlocked.CompareExchange(ref *_state, state | ReadersWaiting, state);
                if (seen != state)
                {
                    state = seen;
                    continue;
                }
            }

            Futex.Wait((int*)_state, unchecked((int)(state | ReadersWaiting)));
            state = SpinRead();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterWriteContended()
    {
        using var contention = ContentionScope.Begin(this, LockKind, ContentionMode.Write);
        SpinThenSleepWrite();
    }

    /// <summary>The body of <see cref="EnterWriteContended"/>, between its contention events.</summary>
    private void SpinThenSleepWrite()
    {
        uint state = SpinWrite();
        uint otherWritersWaiting = 0;
        while (true)
        {
            if (IsUnlocked(state))
            {
                // Keep the writers bit if others may still sleep: this writer will wake one on its unlock.
                uint seen = Interlocked.CompareExchange(ref *_state, state | WriteLocked | otherWritersWaiting, state);
                if (seen == state)
                {
                    GC.KeepAlive(this);
                    return;
                }

                state = seen;
                continue;
            }

            if (!HasWritersWaiting(state))
            {
                uint seen = Interlocked.CompareExchange(ref *_state, state | WritersWaiting, state);
                if (seen != state)
                {
                    state = seen;
                    continue;
                }
            }

            otherWritersWaiting = WritersWaiting;

            // Read the notification counter before re-checking the state, so a wake in between is not missed.
            uint notify = Volatile.Read(ref *WriterNotify);
            state = Volatile.Read(ref *_state);
            if (IsUnlocked(state) || !HasWritersWaiting(state))
            {
                continue;
            }

            Futex.Wait((int*)WriterNotify, unchecked((int)notify));
            state = SpinWrite();
        }
    }

    /// <summary>
    /// Called by an unlocker that left the lock unlocked with waiters. If the lock is taken again meanwhile,
    /// its new holder wakes the waiters on its own unlock.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeWriterOrReaders(uint state)
    {
        if (state == WritersWaiting)
        {
            uint seen = Interlocked.CompareExchange(ref *_state, 0, state);
            if (seen == state)
            {
                WakeWriter();
                GC.KeepAlive(this);
                return;
            }

            state = seen;
        }

        if (state == (ReadersWaiting | WritersWaiting))
        {
            if (Interlocked.CompareExchange(ref *_state, ReadersWaiting, state) != state)
            {
                return;
            }

            if (WakeWriter())
            {
                GC.KeepAlive(this);
                return;
            }

            // No writer was asleep (it may be about to sleep and will see the counter move): wake the readers
            // rather than risk that nobody runs.
            state = ReadersWaiting;
        }

        if (state == ReadersWaiting && Interlocked.CompareExchange(ref *_state, 0, state) == state)
        {
            Futex.Wake((int*)_state, int.MaxValue);
        }

        GC.KeepAlive(this);
    }

    /// <summary>Bumps the counter and wakes one writer; true if a writer was actually asleep.</summary>
    private bool WakeWriter()
    {
        Interlocked.Increment(ref *WriterNotify);
        return Futex.Wake((int*)WriterNotify, 1) > 0;
    }

    /// <summary>Spins until it is worth trying: unlocked or read-locked, or somebody already waits.</summary>
    private uint SpinRead() => SpinUntil(static state =>
        !IsWriteLocked(state) || HasReadersWaiting(state) || HasWritersWaiting(state));

    /// <summary>Spins until unlocked, or until writers wait (join them rather than barge, to stay fair).</summary>
    private uint SpinWrite() => SpinUntil(static state => IsUnlocked(state) || HasWritersWaiting(state));

    private uint SpinUntil(Func<uint, bool> done)
    {
        int spins = SpinPolicy.IsMultiProcessor ? SpinPolicy.FutexSpinLimit : 0;
        while (true)
        {
            uint state = Volatile.Read(ref *_state);
            if (spins-- <= 0 || done(state))
            {
                return state;
            }

            Thread.SpinWait(1);
        }
    }
}
