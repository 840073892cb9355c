using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lwkt.Baselines.Native;
using Lwkt.Baselines.Diagnostics;

namespace Lwkt.Baselines.Futexes;

/// <summary>
/// A spin-then-futex mutex: Drepper's three-state algorithm ("Futexes Are Tricky", mutex3) with glibc's
/// bounded adaptive spinning (PTHREAD_MUTEX_ADAPTIVE_NP), on the real Linux <c>futex(2)</c>.
/// </summary>
/// <remarks>
/// The state word, in its own line of native memory that the GC never moves:
/// <code>
///   0 Unlocked
///   1 Locked     held, nobody sleeping: Exit is one atomic exchange, no system call
///   2 Contended  held, a thread may sleep in FUTEX_WAIT on the word: Exit must FUTEX_WAKE one
/// </code>
/// A thread that sleeps always re-marks the word 2 when it wakes (it takes the lock with exchange(2)), so the
/// wake chain never breaks while others still sleep; the price is one possibly useless wake after the last
/// sleeper. Not FIFO: a running thread may barge past a woken one. The int after the word is the adaptive spin
/// estimate, written only on the contended path, when the line bounces anyway.
/// <para>Every method ends in <c>GC.KeepAlive(this)</c> (a JIT intrinsic, free): the finalizer frees the
/// line, so the object must stay reachable until the method's last touch of the word.</para>
/// <para>Slow paths are <c>[NoInlining]</c> methods of their own: <see cref="EnterContended"/> is where
/// contention starts and ends (the place for contention events), <see cref="WakeOne"/> the release side.</para>
/// </remarks>
public sealed unsafe class FutexMutex : IExclusiveLock
{
    /// <summary>The <c>lockKind</c> of this lock's <see cref="BaselineEventSource"/> contention events.</summary>
    private const string LockKind = "futex-mutex";

    private const int Unlocked = 0;
    private const int Locked = 1;
    private const int Contended = 2;

    /// <summary>The state word; <c>_word + 1</c> is the spin estimate. Freed by the finalizer.</summary>
    private readonly int* _word;

    /// <summary>Creates an unlocked mutex; refuses off Linux (see <see cref="Futex.ThrowIfNotSupported"/>).</summary>
    public FutexMutex()
    {
        Futex.ThrowIfNotSupported();
        _word = (int*)CacheLine.AllocateNative();
    }

    /// <summary>Frees the native line. Nobody can hold or wait on an unreachable mutex.</summary>
    ~FutexMutex() => CacheLine.FreeNative(_word);

    /// <summary>True while some thread holds the mutex (a racy snapshot, for checks and tests).</summary>
    public bool IsLocked => Volatile.Read(ref *_word) != Unlocked;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter()
    {
        if (Interlocked.CompareExchange(ref *_word, Locked, Unlocked) != Unlocked)
        {
            EnterContended();
        }

        GC.KeepAlive(this);
    }

    /// <inheritdoc/>
    public bool TryEnter()
    {
        bool entered = Interlocked.CompareExchange(ref *_word, Locked, Unlocked) == Unlocked;
        GC.KeepAlive(this);
        return entered;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit()
    {
        VerifyIsLocked();
        if (Interlocked.Exchange(ref *_word, Unlocked) == Contended && !s_plantedLostWakeup)
        {
            WakeOne();
        }

        GC.KeepAlive(this);
    }

    /// <summary>
    /// Stage 1, spin: at most min(100, 2 × estimate + 10) reads, each followed by a CAS when the word is
    /// free; the estimate moves an eighth of the way toward what this acquisition needed (glibc's rule).
    /// Skipped on one CPU. Stage 2, sleep: exchange(2) takes a free lock (keeping the contended mark for
    /// whoever else sleeps) or marks it contended and sleeps while it stays 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterContended()
    {
        using var contention = ContentionScope.Begin(this, LockKind, ContentionMode.Exclusive);
        SpinThenSleep();
    }

    /// <summary>The body of <see cref="EnterContended"/>, between its contention events.</summary>
    private void SpinThenSleep()
    {
        int* estimate = _word + 1;
        if (SpinPolicy.IsMultiProcessor)
        {
            int limit = Math.Min(SpinPolicy.FutexSpinLimit, (Volatile.Read(ref *estimate) * 2) + 10);
            for (int spins = 0; spins < limit; spins++)
            {
                if (Volatile.Read(ref *_word) == Unlocked
                    && Interlocked.CompareExchange(ref *_word, Locked, Unlocked) == Unlocked)
                {
                    *estimate += (spins - *estimate) / 8;
                    return;
                }

                Thread.SpinWait(1);
            }

            *estimate += (limit - *estimate) / 8;
        }

        while (Interlocked.Exchange(ref *_word, Contended) != Unlocked)
        {
            Futex.Wait(_word, Contended);
        }

        GC.KeepAlive(this);
    }

    /// <summary>
    /// Test-only: <c>LWKT_PLANTED_BUG=futex-lost-wakeup</c> makes <see cref="Exit"/> skip its FUTEX_WAKE, so the suite
    /// can be shown to fail (promptly, naming the tests) on a lost wakeup. A static readonly bool: tier-1 code drops it.
    /// </summary>
    private static readonly bool s_plantedLostWakeup = Environment.GetEnvironmentVariable("LWKT_PLANTED_BUG") == "futex-lost-wakeup";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeOne()
    {
        Futex.Wake(_word, 1);
        GC.KeepAlive(this);
    }

    [Conditional("DEBUG")]
    private void VerifyIsLocked() => Debug.Assert(IsLocked, "FutexMutex.Exit by a thread that does not hold it.");
}
