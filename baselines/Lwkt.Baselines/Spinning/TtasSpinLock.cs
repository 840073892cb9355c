using System.Runtime.CompilerServices;
using Lwkt.Baselines.Diagnostics;

namespace Lwkt.Baselines.Spinning;

/// <summary>
/// A test-and-test-and-set spin lock with exponential backoff (<see cref="SpinBackoff"/>). The state word
/// (0 free, 1 held) is padded to its own lines. Waiters read the word until it looks free and only then
/// try the atomic exchange, so they spin in their own caches instead of bouncing the line with writes. Not
/// fair: a releasing thread may take the lock again before a waiter notices.
/// </summary>
public sealed class TtasSpinLock : IExclusiveLock
{
    /// <summary>The <c>lockKind</c> of this lock's <see cref="BaselineEventSource"/> contention events.</summary>
    private const string LockKind = "ttas-spin";

    private const int Free = 0;
    private const int Held = 1;

    private Padded<int> _state;

    /// <summary>True while some thread holds the lock (a racy snapshot).</summary>
    public bool IsHeld => Volatile.Read(ref _state.Value) != Free;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter()
    {
        if (Interlocked.Exchange(ref _state.Value, Held) != Free)
        {
            EnterContended();
        }
    }

    /// <inheritdoc/>
    public bool TryEnter() => Volatile.Read(ref _state.Value) == Free && Interlocked.Exchange(ref _state.Value, Held) == Free;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit() => Volatile.Write(ref _state.Value, Free);

    /// <summary>Where contention starts and ends: test (read) until free, then test-and-set.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterContended()
    {
        using var contention = ContentionScope.Begin(this, LockKind, ContentionMode.Exclusive);
        SpinUntilTaken();
    }

    /// <summary>The body of <see cref="EnterContended"/>, between its contention events.</summary>
    private void SpinUntilTaken()
    {
        var backoff = default(SpinBackoff);
        do
        {
            do
            {
                backoff.Pause();
            }
            while (Volatile.Read(ref _state.Value) != Free);
        }
        while (Interlocked.Exchange(ref _state.Value, Held) != Free);
    }
}
