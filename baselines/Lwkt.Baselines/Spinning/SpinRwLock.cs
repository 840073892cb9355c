using System.Runtime.CompilerServices;
using Lwkt.Baselines.Diagnostics;

namespace Lwkt.Baselines.Spinning;

/// <summary>
/// A spinning reader/writer lock with writer preference, in one padded state word:
/// <code>
///   bit 0        Writer         a writer holds the lock
///   bit 1        WriterWaiting  a writer waits: new readers hold off so writers cannot starve
///   bits 2-31    readers        the number of readers inside, in units of 4
/// </code>
/// Readers enter with one CAS when neither writer bit is set; a writer enters with one CAS from "no readers,
/// no writer" (clearing WriterWaiting; other waiting writers set it again on their next round). Waiting is
/// <see cref="SpinBackoff"/>.
/// </summary>
public sealed class SpinRwLock : IReaderWriterLock
{
    /// <summary>The <c>lockKind</c> of this lock's <see cref="BaselineEventSource"/> contention events.</summary>
    private const string LockKind = "spin-rw";

    private const int Writer = 1;
    private const int WriterWaiting = 2;
    private const int OneReader = 4;

    private Padded<int> _state;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnterRead()
    {
        int state = Volatile.Read(ref _state.Value);
        if ((state & (Writer | WriterWaiting)) != 0
            || Interlocked.CompareExchange(ref _state.Value, state + OneReader, state) != state)
        {
            EnterReadContended();
        }
    }

    /// <inheritdoc/>
    public void ExitRead() => Interlocked.Add(ref _state.Value, -OneReader);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnterWrite()
    {
        if (Interlocked.CompareExchange(ref _state.Value, Writer, 0) != 0)
        {
            EnterWriteContended();
        }
    }

    /// <inheritdoc/>
    public void ExitWrite() => Interlocked.And(ref _state.Value, ~Writer);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterReadContended()
    {
        using var contention = ContentionScope.Begin(this, LockKind, ContentionMode.Read);
        SpinRead();
    }

    /// <summary>The body of <see cref="EnterReadContended"/>, between its contention events.</summary>
    private void SpinRead()
    {
        var backoff = default(SpinBackoff);
        while (true)
        {
            int state = Volatile.Read(ref _state.Value);
            if ((state & (Writer | WriterWaiting)) == 0
                && Interlocked.CompareExchange(ref _state.Value, state + OneReader, state) == state)
            {
                return;
            }

            backoff.Pause();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterWriteContended()
    {
        using var contention = ContentionScope.Begin(this, LockKind, ContentionMode.Write);
        SpinWrite();
    }

    /// <summary>The body of <see cref="EnterWriteContended"/>, between its contention events.</summary>
    private void SpinWrite()
    {
        var backoff = default(SpinBackoff);
        while (true)
        {
            int state = Volatile.Read(ref _state.Value);
            if ((state & ~WriterWaiting) == 0)
            {
                if (Interlocked.CompareExchange(ref _state.Value, Writer, state) == state)
                {
                    return;
                }

                continue;
            }

            if ((state & WriterWaiting) == 0)
            {
                Interlocked.CompareExchange(ref _state.Value, state | WriterWaiting, state);
            }

            backoff.Pause();
        }
    }
}
