using System.Runtime.CompilerServices;
using Lwkt.Baselines.Native;

namespace Lwkt.Baselines.Futexes;

/// <summary>
/// A reusable one-shot completion on a futex word (the reply flag of an os-futex call). The word, in its own
/// line of native memory:
/// <code>
///   0 Pending   not completed, the waiter is not asleep
///   1 Done      completed: Wait returns at once
///   2 Sleeping  not completed and the waiter may sleep in FUTEX_WAIT: Set must FUTEX_WAKE
/// </code>
/// The waiter spins briefly (the reply often comes within a context switch) before it marks 2 and sleeps,
/// so a quick reply costs no system call on either side.
/// </summary>
public sealed unsafe class FutexCompletion : ICompletion
{
    private const int Pending = 0;
    private const int Done = 1;
    private const int Sleeping = 2;

    private readonly int* _word;

    /// <summary>Creates a pending completion; refuses off Linux.</summary>
    public FutexCompletion()
    {
        Futex.ThrowIfNotSupported();
        _word = (int*)CacheLine.AllocateNative();
    }

    /// <summary>Frees the native line.</summary>
    ~FutexCompletion() => CacheLine.FreeNative(_word);

    /// <inheritdoc/>
    public void Reset()
    {
        Volatile.Write(ref *_word, Pending);
        GC.KeepAlive(this);
    }

    /// <inheritdoc/>
    public void Set()
    {
        if (Interlocked.Exchange(ref *_word, Done) == Sleeping)
        {
            Futex.Wake(_word, 1);
        }

        GC.KeepAlive(this);
    }

    /// <inheritdoc/>
    public void Wait()
    {
        if (Volatile.Read(ref *_word) != Done)
        {
            WaitContended();
        }

        GC.KeepAlive(this);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitContended()
    {
        for (int spins = SpinPolicy.IsMultiProcessor ? SpinPolicy.FutexSpinLimit : 0; spins > 0; spins--)
        {
            Thread.SpinWait(1);
            if (Volatile.Read(ref *_word) == Done)
            {
                return;
            }
        }

        while (Interlocked.CompareExchange(ref *_word, Sleeping, Pending) != Done)
        {
            Futex.Wait(_word, Sleeping);
        }
    }
}
